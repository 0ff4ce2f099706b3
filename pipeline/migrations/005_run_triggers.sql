-- Every run says what started it: schedule | manual | web | cli | prefect.
-- Statuses: running | completed | failed | refused | crashed | interrupted.
ALTER TABLE pipeline_runs ADD COLUMN trigger TEXT;
