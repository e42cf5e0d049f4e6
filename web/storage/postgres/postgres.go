// Package postgres opens the workplace's store on PostgreSQL, for several
// stateless server nodes sharing one database. The queries are
// web/storage/sqlstore's, the same as SQLite's; this package holds what is
// PostgreSQL's own: the driver, the dialect (placeholders, errors, row and
// advisory locks) and the migrations written in PostgreSQL's SQL, with the
// same numbers as SQLite's.
//
// The driver is pgx (github.com/jackc/pgx/v5) through its database/sql
// adapter (stdlib) rather than pgxpool: the store is written once against
// database/sql for both databases, and database/sql's pool does what the
// nodes need (a bounded pool, context cancellation, statements prepared
// and cached per connection by pgx underneath). pgxpool's own strengths —
// native types, COPY, batches, LISTEN — are not used: times and JSON are
// kept as text in both databases, and the nodes poll a change log
// instead of listening.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"lawreview/web/storage/sqlstore"
)

// Migrations are the numbered schema changes in PostgreSQL's SQL, one for
// each of SQLite's (web/storage/sqlite), with the same number.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// Store is the SQL store, opened on PostgreSQL.
type Store = sqlstore.Store

// IsDSN reports whether s names a PostgreSQL database (postgres:// or
// postgresql://).
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database dsn names (postgres://user:pass@host/db)
// and applies pending migrations under an advisory lock. Parameters pgx
// does not know are session settings: ?search_path=office1 keeps one
// deployment's tables in a schema of its own.
func Open(dsn string) (*Store, error) {
	s, _, err := OpenMigrated(dsn)
	return s, err
}

// OpenMigrated is Open, also returning the migrations it applied.
func OpenMigrated(dsn string) (*Store, []sqlstore.Migration, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("PostgreSQL address %s: %w", Redact(dsn), err)
	}
	db := stdlib.OpenDB(*cfg)
	// Every node holds at most this many connections: a city's dozen
	// nodes stay far below PostgreSQL's default 100.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("connect to PostgreSQL %s: %w", Redact(dsn), err)
	}
	// Migrations may wait for another node's: no timeout of their own.
	applied, err := sqlstore.Migrate(context.Background(), db, Dialect{}, Migrations, "migrations")
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return sqlstore.New(db, Dialect{}), applied, nil
}

// Redact is dsn without its password, for messages and logs.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// Dialect is PostgreSQL's sqlstore.Dialect.
type Dialect struct{}

func (Dialect) Name() string           { return "PostgreSQL" }
func (Dialect) Rebind(q string) string { return sqlstore.DollarPlaceholders(q) }

// LockRows takes the lock an UPDATE takes, not FOR UPDATE: inserts that
// merely refer to the row (a finding's review, an event's user) take KEY
// SHARE, which this does not block.
func (Dialect) LockRows() string { return " FOR NO KEY UPDATE" }

func (Dialect) IsUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// IsRetryable: deadlock_detected and serialization_failure.
func (Dialect) IsRetryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// Advisory lock spaces: keys of transactions (two int4 keys, this first)
// never meet the single bigint key of the migration lock.
const keySpace = 0x4c52 // "LR"

// LockKeys takes a transaction-scoped advisory lock per key.
func (Dialect) LockKeys(ctx context.Context, tx *sqlstore.Tx, keys ...string) error {
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?, hashtext(?))`, keySpace, k); err != nil {
			return err
		}
	}
	return nil
}

// LockMigrations holds a session advisory lock on conn, keyed by the
// schema the tables live in: nodes of one deployment migrate one at a
// time, deployments in other schemas of the database do not wait.
func (Dialect) LockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	const key = `hashtextextended('lawreview.migrate:' || current_schema(), 0)`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`); err != nil {
		return nil, err
	}
	return func() { _, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(`+key+`)`) }, nil
}

func (Dialect) Close(*sql.DB) error { return nil }

// Tables reads the schema of the current schema from the catalog.
func (Dialect) Tables(ctx context.Context, db *sqlstore.DB) ([]sqlstore.Table, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.table_name, c.column_name, c.data_type = 'boolean', c.is_identity = 'YES'
		FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}
	var out []sqlstore.Table
	for rows.Next() {
		var table string
		var c sqlstore.Column
		if err := rows.Scan(&table, &c.Name, &c.Bool, &c.Identity); err != nil {
			rows.Close()
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Name != table {
			out = append(out, sqlstore.Table{Name: table})
		}
		out[len(out)-1].Columns = append(out[len(out)-1].Columns, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	fks, err := db.QueryContext(ctx, `SELECT DISTINCT cl.relname, ref.relname FROM pg_constraint co
		JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_class ref ON ref.oid = co.confrelid
		WHERE co.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	defer fks.Close()
	for fks.Next() {
		var child, parent string
		if err := fks.Scan(&child, &parent); err != nil {
			return nil, err
		}
		for i := range out {
			if out[i].Name == child {
				out[i].Parents = append(out[i].Parents, parent)
			}
		}
	}
	return out, fks.Err()
}

// AfterCopy moves every identity sequence past the ids copied in, so that
// the next record gets a new id.
// JSONIDs casts the parameter to jsonb and reads its elements as numbers.
func (Dialect) JSONIDs() string {
	return `SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(? AS jsonb))`
}

func (Dialect) AfterCopy(ctx context.Context, tx *sqlstore.Tx, tables []sqlstore.Table) error {
	for _, t := range tables {
		for _, c := range t.Columns {
			if !c.Identity {
				continue
			}
			q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)`, t.Name, c.Name, c.Name, t.Name)
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("move the id sequence of %s on: %w", t.Name, err)
			}
		}
	}
	return nil
}
