package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"lawreview/web/storage"
)

// ChangeCounter is a Dialect whose database says cheaply whether anything
// was committed since a connection last asked: SQLite's PRAGMA
// data_version, which changes when any other connection, in this process
// or another (the lawreview CLI beside the server), commits. A store on
// such a database keeps the sessions it has read, with their users, in
// memory (SessionUser).
type ChangeCounter interface {
	ChangeCountQuery() string
}

const (
	// The version check alone keeps an entry true; the age bounds what a
	// change the database does not count (its file replaced under the
	// server) could leave, and the size what a burst of logins keeps.
	sessionCacheTTL  = 30 * time.Second
	sessionCacheSize = 4096
)

// sessionCache holds sessions with their users as last read, each with
// the database's change count read before it was: an entry serves only
// while the count is unchanged, so no commit — a logout, a new password,
// a role, office, township or province changed, an account disabled, on
// any connection — is ever answered from memory. Every write in the
// workplace invalidates every entry; reads, which are most requests,
// keep them.
type sessionCache struct {
	mu      sync.Mutex
	entries map[string]sessionEntry

	// The count is asked on a connection of its own that never writes:
	// a connection's own commits do not change what it reads.
	vmu   sync.Mutex
	query string
	conn  *sql.Conn
	stmt  *sql.Stmt

	fills int64 // entries read from the database (tests)
}

type sessionEntry struct {
	se      storage.Session
	u       storage.User
	version int64
	at      time.Time
}

func newSessionCache(d Dialect) *sessionCache {
	cc, ok := d.(ChangeCounter)
	if !ok {
		return nil
	}
	return &sessionCache{entries: make(map[string]sessionEntry), query: cc.ChangeCountQuery()}
}

// version is the database's change count, asked on the cache's own
// connection, taken from the pool the first time.
func (c *sessionCache) version(ctx context.Context, db *DB) (int64, error) {
	c.vmu.Lock()
	defer c.vmu.Unlock()
	if c.stmt == nil {
		conn, err := db.raw.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("session cache connection: %w", err)
		}
		st, err := conn.PrepareContext(ctx, c.query)
		if err != nil {
			conn.Close()
			return 0, fmt.Errorf("prepare %s: %w", c.query, err)
		}
		c.conn, c.stmt = conn, st
	}
	var v int64
	if err := c.stmt.QueryRowContext(ctx).Scan(&v); err != nil {
		return 0, fmt.Errorf("%s: %w", c.query, err)
	}
	return v, nil
}

func (c *sessionCache) get(tokenHash string, version int64, now time.Time) (*storage.Session, *storage.User, bool) {
	e, ok := c.entry(tokenHash, version, now)
	if !ok {
		return nil, nil, false
	}
	// Copies: a handler may change the user it was given.
	se, u := e.se, e.u
	return &se, &u, true
}

func (c *sessionCache) entry(tokenHash string, version int64, now time.Time) (sessionEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[tokenHash]
	if ok && (e.version != version || now.Sub(e.at) >= sessionCacheTTL || now.Before(e.at)) {
		delete(c.entries, tokenHash)
		return sessionEntry{}, false
	}
	return e, ok
}

func (c *sessionCache) put(tokenHash string, se *storage.Session, u *storage.User, version int64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fills++
	if len(c.entries) >= sessionCacheSize {
		for k, e := range c.entries {
			if e.version != version || now.Sub(e.at) >= sessionCacheTTL {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= sessionCacheSize {
			clear(c.entries)
		}
	}
	c.entries[tokenHash] = sessionEntry{se: *se, u: *u, version: version, at: now}
}

func (c *sessionCache) close() {
	c.vmu.Lock()
	defer c.vmu.Unlock()
	if c.stmt != nil {
		c.stmt.Close()
		c.conn.Close()
		c.stmt, c.conn = nil, nil
	}
}

// SessionUser reads a session and its user: every request of a logged-in
// user does. Where the database counts its changes the pair comes from
// memory while nothing was committed since it was read (sessionCache);
// the reads it spares are the first memory a request touches after a
// pause (docs/performance.md, stage 22). u is nil when the user cannot be
// read; err is the session's.
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (*storage.Session, *storage.User, error) {
	c := s.sessions
	if c == nil {
		return s.readSessionUser(ctx, tokenHash)
	}
	v, err := c.version(ctx, s.db)
	if err != nil {
		// Without the count nothing in memory can be trusted: read.
		return s.readSessionUser(ctx, tokenHash)
	}
	now := time.Now()
	if se, u, ok := c.get(tokenHash, v, now); ok {
		return se, u, nil
	}
	se, u, err := s.readSessionUser(ctx, tokenHash)
	if err == nil && u != nil {
		c.put(tokenHash, se, u, v, now)
	}
	return se, u, err
}

func (s *Store) readSessionUser(ctx context.Context, tokenHash string) (*storage.Session, *storage.User, error) {
	se, err := s.Session(ctx, tokenHash)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.User(ctx, se.UserID)
	if err != nil {
		// As before the cache: a session whose user cannot be read is
		// no login, whatever the reason.
		return se, nil, nil
	}
	return se, u, nil
}
