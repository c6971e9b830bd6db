/**
 * The Postgres schema (docs/data-model.md): enum CHECKs, a deferrable partial
 * exclusion constraint so a video's live clips never overlap, pgvector columns, and an
 * `updated_at` trigger that only stamps rows whose statement did not set `updated_at` itself (the
 * adapter stamps with Effect's Clock; the trigger covers hand-written SQL).
 *
 * @since 0.1.0
 */
import { checks, supersededClipStates } from "../sql/schema.js"
import type { Statements } from "../sql/schema.js"

const superseded = supersededClipStates.map((s) => `'${s}'`).join(", ")

const schema: Statements = [
  `CREATE EXTENSION IF NOT EXISTS vector`,
  `CREATE EXTENSION IF NOT EXISTS btree_gist`,
  `CREATE OR REPLACE FUNCTION heaters_set_updated_at() RETURNS trigger AS $$
   BEGIN
     IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN NEW.updated_at = now(); END IF;
     RETURN NEW;
   END $$ LANGUAGE plpgsql`,
  `CREATE TABLE source_videos (
    id serial PRIMARY KEY,
    title text NOT NULL,
    source_uri text NOT NULL,
    web_scraped boolean NOT NULL DEFAULT false,
    master_key text UNIQUE,
    duration_seconds double precision, fps double precision, width integer, height integer,
    published_date date,
    ingest_state text NOT NULL DEFAULT 'new' CONSTRAINT source_videos_ingest_state_check
      CHECK (ingest_state IN (${checks.videoStates})),
    last_error text,
    retry_count integer NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    version integer NOT NULL DEFAULT 1,
    downloaded_at timestamptz, spliced_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_source_videos_source_uri ON source_videos (source_uri)`,
  `CREATE INDEX idx_source_videos_ingest_state ON source_videos (ingest_state, id)`,
  `CREATE INDEX idx_source_videos_title_pattern_ops ON source_videos (title text_pattern_ops)`,
  `CREATE TABLE clips (
    id serial PRIMARY KEY,
    source_video_id integer NOT NULL REFERENCES source_videos (id) ON DELETE CASCADE,
    clip_identifier text NOT NULL UNIQUE,
    start_frame integer NOT NULL, end_frame integer NOT NULL,
    start_time_seconds double precision NOT NULL, end_time_seconds double precision NOT NULL,
    ingest_state text NOT NULL DEFAULT 'spliced' CONSTRAINT clips_ingest_state_check
      CHECK (ingest_state IN (${checks.clipStates})),
    last_error text,
    retry_count integer NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    version integer NOT NULL DEFAULT 1,
    reviewed_at timestamptz, keyframed_at timestamptz, embedded_at timestamptz,
    grouped_with_clip_id integer REFERENCES clips (id) ON DELETE SET NULL,
    export_key text,
    processing_metadata jsonb NOT NULL DEFAULT '{}',
    action_committed_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT clips_range_check CHECK (end_frame > start_frame AND end_time_seconds > start_time_seconds),
    -- Frames, not float seconds: integer ranges make "adjacent" exact. Deferred, so a merge or
    -- split can insert its outputs before superseding its inputs in the same transaction.
    CONSTRAINT clips_no_overlap EXCLUDE USING gist (
      source_video_id WITH =, int4range(start_frame, end_frame, '[)') WITH &&
    ) WHERE (ingest_state NOT IN (${superseded})) DEFERRABLE INITIALLY DEFERRED
  )`,
  `CREATE INDEX idx_clips_source_video_id ON clips (source_video_id, start_frame)`,
  `CREATE INDEX clips_review_queue_idx ON clips (ingest_state, reviewed_at, id)`,
  `CREATE INDEX idx_clips_ingest_state_updated_at ON clips (ingest_state, updated_at, id)`,
  `CREATE TABLE clip_artifacts (
    id serial PRIMARY KEY,
    clip_id integer NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    artifact_type text NOT NULL CONSTRAINT clip_artifacts_type_check CHECK (artifact_type IN (${checks.artifactTypes})),
    strategy text NOT NULL,
    tag text NOT NULL,
    s3_key text NOT NULL UNIQUE,
    metadata jsonb NOT NULL DEFAULT '{}',
    inserted_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_clip_artifact_identity UNIQUE (clip_id, artifact_type, strategy, tag)
  )`,
  `CREATE TABLE embeddings (
    id serial PRIMARY KEY,
    clip_id integer NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    embedding vector NOT NULL,
    model_name text NOT NULL,
    model_version text,
    generation_strategy text NOT NULL,
    embedding_dim integer NOT NULL CHECK (embedding_dim > 0),
    generated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT embeddings_dim_check CHECK (vector_dims(embedding) = embedding_dim),
    CONSTRAINT embeddings_clip_id_model_name_generation_strategy_key UNIQUE (clip_id, model_name, generation_strategy)
  )`,
  `CREATE INDEX idx_embeddings_model ON embeddings (model_name, generation_strategy, embedding_dim)`,
  `CREATE TABLE clip_events (
    id serial PRIMARY KEY,
    clip_id integer NOT NULL REFERENCES clips (id) ON DELETE RESTRICT,
    action text NOT NULL CONSTRAINT clip_events_action_check CHECK (action IN (${checks.actions})),
    reviewer_id text NOT NULL,
    event_data jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz, cancelled_at timestamptz,
    CONSTRAINT clip_events_single_outcome CHECK (processed_at IS NULL OR cancelled_at IS NULL)
  )`,
  `CREATE INDEX idx_clip_events_clip_id_created_at ON clip_events (clip_id, created_at DESC)`,
  `CREATE INDEX idx_clip_events_due ON clip_events (created_at, id) WHERE processed_at IS NULL AND cancelled_at IS NULL`,
  ...["source_videos", "clips", "clip_artifacts", "clip_events"].map(
    (table) =>
      `CREATE TRIGGER set_timestamp BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION heaters_set_updated_at()`
  )
]

/**
 * Leases on in-progress rows (docs/RELIABILITY.md): which worker holds the row and until when.
 * The index serves the dispatcher's "lease ran out" check.
 */
const leases: Statements = ["source_videos", "clips"].flatMap((table) => [
  `ALTER TABLE ${table} ADD COLUMN lease_owner text, ADD COLUMN lease_expires_at timestamptz`,
  `CREATE INDEX idx_${table}_lease ON ${table} (ingest_state, lease_expires_at) WHERE lease_owner IS NOT NULL`
])

/** A dimension (optionally one model's vectors of it) that gets an HNSW index. @since 0.1.0 */
export interface VectorIndex {
  readonly dim: number
  /** Only this model's vectors; omitted, every model of this dimension shares the index. */
  readonly modelName?: string
}

/** The index name: readable prefix + a hash so any model name is a valid identifier. */
const indexName = (index: VectorIndex) => {
  if (index.modelName === undefined) return `embeddings_hnsw_dim_${Math.floor(index.dim)}`
  let h = 0
  for (const ch of `${index.modelName}/${index.dim}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0
  const slug = index.modelName.toLowerCase().replace(/[^a-z0-9]+/g, "_").slice(0, 30)
  return `embeddings_hnsw_${slug}_${index.dim}_${(h >>> 0).toString(16)}`
}

/**
 * Fast vector search (`docs/search.md`): the first schema's default index covered one model
 * (`openai/clip-vit-base-patch32`); indexes are now per dimension (the layer creates
 * `embeddings_hnsw_dim_512` on start), so the per-model one is dropped rather than kept twice.
 */
const vectorSearch: Statements = [
  `DROP INDEX IF EXISTS ${indexName({ modelName: "openai/clip-vit-base-patch32", dim: 512 })}`
]


/**
 * A partial HNSW index (cosine) on a dimension cast — the same expression `Search` orders by, so
 * the planner can use it — over every vector of that dimension, or one model's.
 *
 * @since 0.1.0
 */
export const vectorIndexStatement = (index: VectorIndex): string => {
  const dim = Math.floor(index.dim)
  if (!(dim > 0 && dim <= 2000)) throw new Error(`HNSW needs 1..2000 dimensions, got ${index.dim}`)
  const model = index.modelName === undefined ? "" : ` AND model_name = '${index.modelName.replace(/'/g, "''")}'`
  return `CREATE INDEX IF NOT EXISTS ${indexName(index)} ON embeddings
    USING hnsw ((embedding::vector(${dim})) vector_cosine_ops)
    WHERE embedding_dim = ${dim}${model}`
}

/** Numbered migrations, oldest first. @since 0.1.0 */
export const migrations: Record<string, Statements> = { "1_schema": schema, "2_vector_search": vectorSearch, "3_leases": leases }
