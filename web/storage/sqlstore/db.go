package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
)

// Dialect is what differs between the databases a Store runs on. The
// queries are written once, with ? placeholders, in the SQL both SQLite
// and PostgreSQL accept; a dialect rewrites the placeholders, recognises
// its errors, and says how a transaction locks what it reads before it
// writes on the strength of it.
type Dialect interface {
	// Name is the database's name for messages: "SQLite", "PostgreSQL".
	Name() string
	// Rebind rewrites the ? placeholders of a query into the database's.
	Rebind(query string) string
	// IsUnique reports a violated unique constraint.
	IsUnique(err error) bool
	// IsRetryable reports a transaction the database aborted because it
	// ran into another (a deadlock, a serialization failure): run again,
	// it may well pass.
	IsRetryable(err error) bool
	// LockRows is appended to a SELECT whose rows the transaction goes on
	// to change because of what it read, so that a concurrent transaction
	// (on another server node) waits for it rather than acting on the
	// same reading. "" where a write transaction holds the database's one
	// write lock from its BEGIN (SQLite).
	LockRows() string
	// LockKeys holds each key, in the order given, until tx ends: what
	// serialises transactions that decide on rows which may not exist yet
	// (login failures counted under a key). No-op where a write
	// transaction already excludes every other.
	LockKeys(ctx context.Context, tx *Tx, keys ...string) error
	// LockMigrations holds the database-wide lock under which migrations
	// run, so that two nodes started together apply each migration once;
	// unlock releases it. The migrations run on conn.
	LockMigrations(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
	// JSONIDs is a subquery of the ids that one parameter holds as a JSON
	// array of integers: one placeholder however many ids.
	JSONIDs() string
	// Tables describes the database's tables for copying between
	// databases: names, columns and the tables each refers to.
	Tables(ctx context.Context, db *DB) ([]Table, error)
	// AfterCopy runs in the copy's transaction once every row is in (the
	// identity sequences of PostgreSQL must continue after the copied ids).
	AfterCopy(ctx context.Context, tx *Tx, tables []Table) error
	// Close releases what the dialect holds before the pool closes.
	Close(db *sql.DB) error
}

// Table is one table of the schema as a dialect reads it.
type Table struct {
	Name    string
	Columns []Column
	Parents []string // tables its foreign keys refer to
}

// Column is a column and whether it holds a boolean (SQLite stores
// booleans as 0 and 1, PostgreSQL as BOOLEAN: a copy converts).
type Column struct {
	Name     string
	Bool     bool
	Identity bool // PostgreSQL: an identity column whose sequence a copy moves on
}

// DB is a database/sql pool whose queries go through the dialect's Rebind.
// It offers only the context-taking methods, so that no query can reach
// the driver without being rewritten.
type DB struct {
	raw   *sql.DB
	d     Dialect
	cache sync.Map // query -> rebound query
	stmts sync.Map // query -> *sql.Stmt, for queryRowPrepared
}

func newDB(raw *sql.DB, d Dialect) *DB { return &DB{raw: raw, d: d} }

func (db *DB) q(query string) string {
	if v, ok := db.cache.Load(query); ok {
		return v.(string)
	}
	r := db.d.Rebind(query)
	db.cache.Store(query, r)
	return r
}

func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.raw.ExecContext(ctx, db.q(query), args...)
}

func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.raw.QueryContext(ctx, db.q(query), args...)
}

func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return db.raw.QueryRowContext(ctx, db.q(query), args...)
}

// StatementPreparer is a Dialect whose driver parses and plans every
// query it is given afresh (SQLite under modernc): the queries every
// request makes are prepared once for it. PostgreSQL's driver (pgx) keeps
// prepared statements by itself.
type StatementPreparer interface {
	PrepareOnce() bool
}

// queryRowPrepared is QueryRowContext through a statement prepared once
// (database/sql prepares it again on each pooled connection that runs
// it), where the dialect asks for it. It is for the few queries every
// request makes — the session and its user — whose parsing and planning
// SQLite otherwise repeats each time (docs/performance.md, stage 15).
// Only constant query strings may come here: each distinct one is kept
// until the store closes.
func (db *DB) queryRowPrepared(ctx context.Context, query string, args ...any) *sql.Row {
	if p, ok := db.d.(StatementPreparer); !ok || !p.PrepareOnce() {
		return db.QueryRowContext(ctx, query, args...)
	}
	st, ok := db.stmts.Load(query)
	if !ok {
		p, err := db.raw.PrepareContext(ctx, db.q(query))
		if err != nil {
			return db.QueryRowContext(ctx, query, args...) // the error, as an unprepared query reports it
		}
		var loaded bool
		if st, loaded = db.stmts.LoadOrStore(query, p); loaded {
			p.Close()
		}
	}
	return st.(*sql.Stmt).QueryRowContext(ctx, args...)
}

// closeStmts closes the prepared statements before the pool closes.
func (db *DB) closeStmts() {
	db.stmts.Range(func(k, v any) bool {
		v.(*sql.Stmt).Close()
		db.stmts.Delete(k)
		return true
	})
}

// BeginTx starts a transaction whose queries are rewritten like the pool's.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := db.raw.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, db: db}, nil
}

// Tx is a transaction of a DB.
type Tx struct {
	tx *sql.Tx
	db *DB
}

func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.q(query), args...)
}

func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.q(query), args...)
}

func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.q(query), args...)
}

func (tx *Tx) Commit() error   { return tx.tx.Commit() }
func (tx *Tx) Rollback() error { return tx.tx.Rollback() }

// execer is what both DB and Tx offer.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DollarPlaceholders rewrites ? into $1, $2, … (PostgreSQL), leaving
// string literals, quoted identifiers and comments alone.
func DollarPlaceholders(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) && query[j] != c {
				j++
			}
			b.WriteString(query[i:min(j+1, len(query))])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
