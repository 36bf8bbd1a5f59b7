package dev.almanac.core.ingest;

import dev.almanac.core.sql.SqlSession;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** What a format's after-commit work may use. */
record IngestContext(JdbcCatalog catalog, SqlSession session) {}
