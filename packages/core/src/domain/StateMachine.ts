/**
 * A state machine as a plain transition table. Pure: `transition` never touches storage; adapters
 * use `sourcesOf(event)` to build the conditional `WHERE state IN (...)` update that makes a claim
 * atomic (docs/state-machines.md#guarded-updates).
 *
 * @since 0.1.0
 */
import { Either, Schema } from "effect"

/**
 * A transition the table does not allow.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTransition extends Schema.TaggedError<InvalidTransition>()("InvalidTransition", {
  entity: Schema.String,
  id: Schema.optional(Schema.Number),
  from: Schema.String,
  event: Schema.String
}) {
  override get message() {
    const who = this.id === undefined ? this.entity : `${this.entity} ${this.id}`
    return `${who}: event "${this.event}" is not allowed in state "${this.from}"`
  }
}

/** One transition: `event` moves an entity from any of the `from` states to `to`. @since 0.1.0 */
export interface Rule<S extends string, E extends string> {
  readonly from: ReadonlyArray<S>
  readonly event: E
  readonly to: S
}

/** A transition table for one kind of entity (`entity` names it in errors), with its states and events. @since 0.1.0 */
export interface StateMachine<S extends string, E extends string> {
  readonly entity: string
  readonly states: ReadonlyArray<S>
  readonly events: ReadonlyArray<E>
  readonly rules: ReadonlyArray<Rule<S, E>>
}

/** Builds a state machine from its states and rules; its events are the distinct events of the rules. @since 0.1.0 */
export const make = <S extends string, E extends string>(
  entity: string,
  states: ReadonlyArray<S>,
  rules: ReadonlyArray<Rule<S, E>>
): StateMachine<S, E> => ({
  entity,
  states,
  events: Array.from(new Set(rules.map((rule) => rule.event))),
  rules
})

/**
 * The state `event` leads to from `from`, or `InvalidTransition`.
 *
 * @since 0.1.0
 */
export const transition = <S extends string, E extends string>(
  machine: StateMachine<S, E>,
  from: S,
  event: E,
  id?: number
): Either.Either<S, InvalidTransition> => {
  const rule = machine.rules.find((r) => r.event === event && r.from.includes(from))
  return rule
    ? Either.right(rule.to)
    : Either.left(new InvalidTransition({ entity: machine.entity, id, from, event }))
}

/**
 * The states from which `event` is allowed: the `IN (...)` list of a conditional update.
 *
 * @since 0.1.0
 */
export const sourcesOf = <S extends string, E extends string>(
  machine: StateMachine<S, E>,
  event: E
): ReadonlyArray<S> => machine.rules.filter((r) => r.event === event).flatMap((r) => r.from)

/**
 * The single target state of `event` (every event of our tables has one).
 *
 * @since 0.1.0
 */
export const targetOf = <S extends string, E extends string>(machine: StateMachine<S, E>, event: E): S => {
  const rule = machine.rules.find((r) => r.event === event)
  if (rule === undefined) throw new Error(`${machine.entity}: unknown event ${event}`)
  return rule.to
}
