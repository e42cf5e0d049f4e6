// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the test database, dropped when the test ends. Tests that
// need PostgreSQL skip, saying why, when none is reachable — except under
// CI, where a missing PostgreSQL fails them: CI installs one (.ci/run),
// so its absence there is a broken setup, not a developer's machine.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Env names the variable holding the test database's address.
const Env = "LAWREVIEW_TEST_PG"

// DefaultDSN is the test database .ci/run and docs/deploy.md set up, used
// when Env is not set.
const DefaultDSN = "postgres://lawreview:lawreview@127.0.0.1:5432/lawreview_test?sslmode=disable"

var (
	once    sync.Once
	admin   *sql.DB
	base    string
	downErr error
)

func connect() {
	base = os.Getenv(Env)
	if base == "" {
		base = DefaultDSN
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		downErr = err
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		downErr = err
		return
	}
	admin = db
}

// Available reports whether the test database is reachable, and why not.
func Available() (bool, error) {
	once.Do(connect)
	return admin != nil, downErr
}

// DSN creates a fresh schema in the test database and returns an address
// whose search_path is that schema, so that every store opened with it
// (every "node" of a test) shares it and nothing else.
func DSN(t testing.TB) string {
	t.Helper()
	if ok, err := Available(); !ok {
		u, _ := url.Parse(base)
		where := base
		if u != nil {
			where = u.Redacted()
		}
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but PostgreSQL is unreachable at %s (%s): %v", where, Env, err)
		}
		t.Skipf("no PostgreSQL reachable at %s (set %s to a database's address): %v", where, Env, err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "lrt_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("test database address: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
