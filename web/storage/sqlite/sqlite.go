// Package sqlite opens the workplace's store on SQLite through the pure-Go
// modernc.org/sqlite driver (no C toolchain needed): one file, one
// machine. The queries are web/storage/sqlstore's; this package holds
// what is SQLite's own: the connection's pragmas, the dialect and the
// migrations written in SQLite's SQL.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"lawreview/web/storage/sqlstore"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Migrations are the numbered schema changes in SQLite's SQL; those of
// PostgreSQL (web/storage/postgres) carry the same numbers.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// Store is the SQL store, opened on SQLite.
type Store = sqlstore.Store

// Open opens (creating if needed) the database file and applies pending
// migrations. WAL lets readers proceed during a write; busy_timeout makes
// concurrent writers wait instead of failing; BEGIN IMMEDIATE takes the
// write lock up front, so that read-then-write transactions cannot
// deadlock and never act on a reading another writer changes meanwhile.
func Open(path string) (*Store, error) {
	s, _, err := OpenMigrated(path)
	return s, err
}

// OpenMigrated is Open, also returning the migrations it applied.
func OpenMigrated(path string) (*Store, []sqlstore.Migration, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, fmt.Errorf("database path %s: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+abs+"?"+q.Encode())
	if err != nil {
		return nil, nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	applied, err := sqlstore.Migrate(context.Background(), db, Dialect{}, Migrations, "migrations")
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return sqlstore.New(db, Dialect{}), applied, nil
}

// Dialect is SQLite's sqlstore.Dialect.
type Dialect struct{}

// PrepareOnce (sqlstore.StatementPreparer): modernc's SQLite parses and
// plans each query text anew, about half of what the two reads of the
// session cost every request (docs/performance.md, stage 15).
func (Dialect) PrepareOnce() bool { return true }

func (Dialect) Name() string           { return "SQLite" }
func (Dialect) Rebind(q string) string { return q }
func (Dialect) LockRows() string       { return "" }

func (Dialect) IsUnique(err error) bool {
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// LockKeys: every write transaction begins IMMEDIATE, holding the
// database's one write lock until it ends; no other can interleave.
// IsRetryable is never: write transactions take the one write lock at
// BEGIN and wait for it (busy_timeout), so none is aborted for another.
func (Dialect) IsRetryable(error) bool { return false }

func (Dialect) LockKeys(context.Context, *sqlstore.Tx, ...string) error { return nil }

// LockMigrations: each migration's transaction begins IMMEDIATE, and
// Migrate reads whether it is recorded inside it.
func (Dialect) LockMigrations(context.Context, *sql.Conn) (func(), error) { return func() {}, nil }

func (Dialect) Close(db *sql.DB) error {
	_, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// JSONIDs reads the array with SQLite's JSON1 table function.
func (Dialect) JSONIDs() string { return `SELECT value FROM json_each(?)` }

func (Dialect) AfterCopy(context.Context, *sqlstore.Tx, []sqlstore.Table) error { return nil }

// Tables reads the schema from sqlite_master and the table pragmas. SQLite
// has no boolean type: the schema's flags are INTEGER 0 and 1, which a
// copy into PostgreSQL converts by the target's column types.
func (Dialect) Tables(ctx context.Context, db *sqlstore.DB) ([]sqlstore.Table, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []sqlstore.Table
	for _, n := range names {
		t := sqlstore.Table{Name: n}
		cols, err := db.QueryContext(ctx, `SELECT name, type FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			return nil, fmt.Errorf("columns of %s: %w", n, err)
		}
		for cols.Next() {
			var c sqlstore.Column
			var typ string
			if err := cols.Scan(&c.Name, &typ); err != nil {
				cols.Close()
				return nil, err
			}
			c.Bool = strings.EqualFold(typ, "BOOLEAN")
			t.Columns = append(t.Columns, c)
		}
		cols.Close()
		fks, err := db.QueryContext(ctx, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, n)
		if err != nil {
			return nil, fmt.Errorf("foreign keys of %s: %w", n, err)
		}
		for fks.Next() {
			var p string
			if err := fks.Scan(&p); err != nil {
				fks.Close()
				return nil, err
			}
			t.Parents = append(t.Parents, p)
		}
		fks.Close()
		out = append(out, t)
	}
	return out, nil
}
