package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one numbered schema change: a file NNNN_what.sql.
type Migration struct {
	Version int
	Name    string // the file's name
}

// Migrations lists the migrations in fsys's directory dir by number. Two
// files with one number are an error: each number is applied once, so
// the second would never run.
func Migrations(fsys fs.FS, dir string) ([]Migration, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		num, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", base)
		}
		if other, ok := seen[num]; ok {
			return nil, fmt.Errorf("migrations %s and %s share the number %d", other, base, num)
		}
		seen[num] = base
		out = append(out, Migration{Version: num, Name: base})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies the migrations of fsys's directory dir that
// schema_migrations does not record, in the order of their numbers, each
// in its own transaction, all under the dialect's migration lock: two
// nodes started together apply each migration once, the second waiting
// for the first and then finding nothing left to do. Whether a migration
// is recorded is read inside its transaction, so that SQLite (whose lock
// is the write transaction itself) gets the same guarantee. It returns
// the migrations it applied.
func Migrate(ctx context.Context, raw *sql.DB, d Dialect, fsys fs.FS, dir string) ([]Migration, error) {
	ms, err := Migrations(fsys, dir)
	if err != nil {
		return nil, err
	}
	conn, err := raw.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := d.LockMigrations(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("lock migrations: %w", err)
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	var applied []Migration
	for _, m := range ms {
		done, err := apply(ctx, conn, d, fsys, path.Join(dir, m.Name), m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m)
		}
	}
	return applied, nil
}

// Step is the Go part of a migration that SQL alone cannot express in a
// dialect (SQLite rebuilding a table to widen a CHECK).
type Step struct {
	// Prepare runs on the migration's connection before its transaction
	// (SQLite switches foreign keys off, which it cannot do inside one);
	// the function it returns runs when the migration ends.
	Prepare func(ctx context.Context, conn *sql.Conn) (restore func(), err error)
	// Run runs in the migration's transaction after its SQL.
	Run func(ctx context.Context, tx *sql.Tx) error
}

// Stepper is a Dialect some of whose migrations have a Go step.
type Stepper interface {
	// Step is migration version's Go step, nil for none.
	Step(version int) *Step
}

func apply(ctx context.Context, conn *sql.Conn, d Dialect, fsys fs.FS, file string, m Migration) (bool, error) {
	var step *Step
	if st, ok := d.(Stepper); ok {
		step = st.Step(m.Version)
	}
	if step != nil && step.Prepare != nil {
		restore, err := step.Prepare(ctx, conn)
		if err != nil {
			return false, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		defer restore()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migration %s: %w", m.Name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, d.Rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.Version).Scan(&n); err != nil {
		return false, fmt.Errorf("check migration %s: %w", m.Name, err)
	}
	if n > 0 {
		return false, nil
	}
	body, err := fs.ReadFile(fsys, file)
	if err != nil {
		return false, fmt.Errorf("read migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, fmt.Errorf("apply migration %s: %w", m.Name, err)
	}
	if step != nil && step.Run != nil {
		if err := step.Run(ctx, tx); err != nil {
			return false, fmt.Errorf("apply migration %s: %w", m.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`), m.Version, m.Name, ts(time.Now())); err != nil {
		return false, fmt.Errorf("record migration %s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit migration %s: %w", m.Name, err)
	}
	return true, nil
}
