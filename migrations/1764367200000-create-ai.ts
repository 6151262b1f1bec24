import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The anomaly model registry. Each model keeps its ONNX bytes and model card in the database, so
 * every instance serves the same model without a shared disk. Readings' scores go to the existing
 * `telemetry.anomaly_score` column. Uploaded labelled datasets keep their accepted rows as CSV (the
 * training pipeline's own input format) for the next retraining.
 */
export class CreateAi1764367200000 implements MigrationInterface {
  name = 'CreateAi1764367200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ai_models (
        version text PRIMARY KEY CHECK (length(version) BETWEEN 1 AND 100),
        algorithm text NOT NULL,
        status text NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'active', 'retired')),
        feature_spec_hash text NOT NULL,
        threshold real NOT NULL CHECK (threshold > 0 AND threshold < 1),
        metrics jsonb NOT NULL,
        card jsonb NOT NULL,
        onnx bytea NOT NULL,
        created_by text NOT NULL,
        reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        activated_at timestamptz(3)
      )`);
    // At most one active model: activation swaps statuses in one transaction and meets this index.
    await q.query(`CREATE UNIQUE INDEX ai_models_one_active ON ai_models ((true)) WHERE status = 'active'`);
    await q.query(`CREATE INDEX ai_models_created_at ON ai_models (created_at DESC, version)`);
    await q.query(`
      CREATE TABLE ai_datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name text NOT NULL,
        uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
        accepted int NOT NULL CHECK (accepted >= 0),
        rejected int NOT NULL CHECK (rejected >= 0),
        errors jsonb NOT NULL,
        -- The header and the accepted rows only.
        csv text NOT NULL,
        -- Set when a retraining has used it.
        used_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ai_datasets`);
    await q.query(`DROP TABLE ai_models`);
  }
}
