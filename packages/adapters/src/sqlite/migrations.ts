/**
 * The SQLite schema (docs/data-model.md). Times are integer milliseconds,
 * vectors float32 blobs (since `2_vector_search`), JSON maps text; every state/type column has a CHECK constraint.
 *
 * @since 0.1.0
 */
import { checks } from "../sql/schema.js"
import type { Statements } from "../sql/schema.js"

const schema: Statements = [
  `CREATE TABLE source_videos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    source_uri TEXT NOT NULL,
    web_scraped INTEGER NOT NULL DEFAULT 0 CHECK (web_scraped IN (0, 1)),
    master_key TEXT UNIQUE,
    duration_seconds REAL, fps REAL, width INTEGER, height INTEGER,
    published_date TEXT,
    ingest_state TEXT NOT NULL DEFAULT 'new' CHECK (ingest_state IN (${checks.videoStates})),
    last_error TEXT,
    retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    version INTEGER NOT NULL DEFAULT 1,
    downloaded_at INTEGER, spliced_at INTEGER,
    inserted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
  )`,
  `CREATE INDEX idx_source_videos_source_uri ON source_videos (source_uri)`,
  `CREATE INDEX idx_source_videos_ingest_state ON source_videos (ingest_state, id)`,
  `CREATE INDEX idx_source_videos_title ON source_videos (title)`,
  `CREATE TABLE clips (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_video_id INTEGER NOT NULL REFERENCES source_videos (id) ON DELETE CASCADE,
    clip_identifier TEXT NOT NULL UNIQUE,
    start_frame INTEGER NOT NULL, end_frame INTEGER NOT NULL,
    start_time_seconds REAL NOT NULL, end_time_seconds REAL NOT NULL,
    ingest_state TEXT NOT NULL DEFAULT 'spliced' CHECK (ingest_state IN (${checks.clipStates})),
    last_error TEXT,
    retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    version INTEGER NOT NULL DEFAULT 1,
    reviewed_at INTEGER, keyframed_at INTEGER, embedded_at INTEGER,
    grouped_with_clip_id INTEGER REFERENCES clips (id) ON DELETE SET NULL,
    export_key TEXT,
    processing_metadata TEXT NOT NULL DEFAULT '{}',
    action_committed_at INTEGER,
    inserted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    CHECK (end_frame > start_frame AND end_time_seconds > start_time_seconds)
  )`,
  `CREATE INDEX idx_clips_source_video_id ON clips (source_video_id, start_frame)`,
  `CREATE INDEX clips_review_queue_idx ON clips (ingest_state, reviewed_at, id)`,
  `CREATE INDEX idx_clips_ingest_state_updated_at ON clips (ingest_state, updated_at, id)`,
  `CREATE TABLE clip_artifacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    artifact_type TEXT NOT NULL CHECK (artifact_type IN (${checks.artifactTypes})),
    strategy TEXT NOT NULL,
    tag TEXT NOT NULL,
    s3_key TEXT NOT NULL UNIQUE,
    metadata TEXT NOT NULL DEFAULT '{}',
    inserted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    CONSTRAINT uq_clip_artifact_identity UNIQUE (clip_id, artifact_type, strategy, tag)
  )`,
  `CREATE TABLE embeddings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    embedding BLOB NOT NULL,
    model_name TEXT NOT NULL,
    model_version TEXT,
    generation_strategy TEXT NOT NULL,
    embedding_dim INTEGER NOT NULL CHECK (embedding_dim > 0),
    generated_at INTEGER NOT NULL,
    CHECK (length(embedding) = 8 * embedding_dim),
    UNIQUE (clip_id, model_name, generation_strategy)
  )`,
  `CREATE INDEX idx_embeddings_model ON embeddings (model_name, generation_strategy, embedding_dim)`,
  `CREATE TABLE clip_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE RESTRICT,
    action TEXT NOT NULL CHECK (action IN (${checks.actions})),
    reviewer_id TEXT NOT NULL,
    event_data TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    processed_at INTEGER, cancelled_at INTEGER,
    CHECK (processed_at IS NULL OR cancelled_at IS NULL)
  )`,
  `CREATE INDEX idx_clip_events_clip_id ON clip_events (clip_id, id)`,
  `CREATE INDEX idx_clip_events_due ON clip_events (created_at, id)
    WHERE processed_at IS NULL AND cancelled_at IS NULL`
]

/**
 * Fast vector search (`docs/search.md`): vectors become float32 blobs (the CHECK now accepts the
 * float64 blobs of older rows too; SQLite cannot alter a CHECK, so the table is rebuilt with its
 * ids), and every change that can move a vector in or out of search — an embedding written or
 * deleted, a clip entering or leaving `embedded` — appends the clip id to `embedding_changes`, so
 * each process's in-memory index catches up with writes made by other processes.
 */
const vectorSearch: Statements = [
  `CREATE TABLE embeddings_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    embedding BLOB NOT NULL,
    model_name TEXT NOT NULL,
    model_version TEXT,
    generation_strategy TEXT NOT NULL,
    embedding_dim INTEGER NOT NULL CHECK (embedding_dim > 0),
    generated_at INTEGER NOT NULL,
    CHECK (length(embedding) IN (4 * embedding_dim, 8 * embedding_dim)),
    UNIQUE (clip_id, model_name, generation_strategy)
  )`,
  `INSERT INTO embeddings_v2 SELECT id, clip_id, embedding, model_name, model_version, generation_strategy, embedding_dim, generated_at FROM embeddings`,
  `DROP TABLE embeddings`,
  `ALTER TABLE embeddings_v2 RENAME TO embeddings`,
  `CREATE INDEX idx_embeddings_model ON embeddings (model_name, generation_strategy, embedding_dim)`,
  `CREATE TABLE embedding_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, clip_id INTEGER NOT NULL)`,
  `CREATE TRIGGER embeddings_inserted AFTER INSERT ON embeddings BEGIN
     INSERT INTO embedding_changes (clip_id) VALUES (NEW.clip_id); END`,
  `CREATE TRIGGER embeddings_updated AFTER UPDATE ON embeddings BEGIN
     INSERT INTO embedding_changes (clip_id) VALUES (NEW.clip_id);
     INSERT INTO embedding_changes (clip_id) SELECT OLD.clip_id WHERE OLD.clip_id <> NEW.clip_id; END`,
  `CREATE TRIGGER embeddings_deleted AFTER DELETE ON embeddings BEGIN
     INSERT INTO embedding_changes (clip_id) VALUES (OLD.clip_id); END`,
  `CREATE TRIGGER clips_embedded_changed AFTER UPDATE OF ingest_state ON clips
     WHEN (OLD.ingest_state = 'embedded') <> (NEW.ingest_state = 'embedded') BEGIN
     INSERT INTO embedding_changes (clip_id) VALUES (NEW.id); END`
]

/**
 * Leases on in-progress rows (docs/RELIABILITY.md): which worker holds the row and until when.
 * The index serves the dispatcher's "lease ran out" check.
 */
const leases: Statements = ["source_videos", "clips"].flatMap((table) => [
  `ALTER TABLE ${table} ADD COLUMN lease_owner TEXT`,
  `ALTER TABLE ${table} ADD COLUMN lease_expires_at INTEGER`,
  `CREATE INDEX idx_${table}_lease ON ${table} (ingest_state, lease_expires_at) WHERE lease_owner IS NOT NULL`
])

/** Numbered migrations, oldest first. @since 0.1.0 */
export const migrations: Record<string, Statements> = { "1_schema": schema, "2_vector_search": vectorSearch, "3_leases": leases }
