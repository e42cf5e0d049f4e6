package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"time"

	"lawreview/web/storage"
)

// retries is how often a transaction the database aborted for another
// (PostgreSQL's deadlock detector, with logins and resets on several
// nodes deleting the same rows) is run again before its error is given.
const retries = 5

// retry runs fn again while the database aborts it for another
// transaction, after a short random pause that grows.
func (s *Store) retry(ctx context.Context, fn func() error) error {
	for i := 0; ; i++ {
		err := fn()
		if err == nil || i == retries || !s.db.d.IsRetryable(err) {
			return err
		}
		var b [2]byte
		_, _ = rand.Read(b[:])
		pause := time.Duration(1+i) * (5*time.Millisecond + time.Duration(binary.LittleEndian.Uint16(b[:])%10000)*time.Microsecond)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

func (s *Store) ReserveLogin(ctx context.Context, limits []storage.LoginLimit, at time.Time) (attempt int64, blocked *storage.LoginBlocked, err error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, nil, fmt.Errorf("login attempt id: %w", err)
	}
	attempt = int64(binary.LittleEndian.Uint64(b[:]) >> 1)
	err = s.retry(ctx, func() error {
		var err error
		blocked, err = s.reserveLogin(ctx, attempt, limits, at)
		return err
	})
	if err != nil || blocked != nil {
		return 0, blocked, err
	}
	return attempt, nil, nil
}

func (s *Store) reserveLogin(ctx context.Context, attempt int64, limits []storage.LoginLimit, at time.Time) (*storage.LoginBlocked, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("reserve login: %w", err)
	}
	defer tx.Rollback()
	// Check and count under a lock on every key (in one order for all, so
	// that two attempts never wait for each other in a circle): attempts
	// on other nodes cannot all see the count below the limit.
	keys := make([]string, 0, len(limits))
	for _, l := range limits {
		keys = append(keys, l.Key)
	}
	sort.Strings(keys)
	if err := tx.db.d.LockKeys(ctx, tx, keys...); err != nil {
		return nil, fmt.Errorf("lock login keys: %w", err)
	}
	longest := time.Duration(0)
	for _, l := range limits {
		longest = max(longest, l.Window)
		var n int
		var oldest string
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(at), '') FROM login_failures WHERE key = ? AND at > ?`,
			l.Key, ts(at.Add(-l.Window))).Scan(&n, &oldest); err != nil {
			return nil, fmt.Errorf("count login failures: %w", err)
		}
		if n >= l.Max {
			return &storage.LoginBlocked{Limit: l, Until: parseTS(oldest).Add(l.Window)}, nil
		}
	}
	for _, l := range limits {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (attempt, key, at) VALUES (?, ?, ?)`, attempt, l.Key, ts(at)); err != nil {
			return nil, fmt.Errorf("count login attempt: %w", err)
		}
	}
	// Failures older than every window count for nothing any more.
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= ?`, ts(at.Add(-longest))); err != nil {
		return nil, fmt.Errorf("prune login failures: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("reserve login: %w", err)
	}
	return nil, nil
}

func (s *Store) ForgetLogin(ctx context.Context, attempt int64, reset ...string) error {
	return s.retry(ctx, func() error { return s.forgetLogin(ctx, attempt, reset) })
}

func (s *Store) forgetLogin(ctx context.Context, attempt int64, reset []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("forget login: %w", err)
	}
	defer tx.Rollback()
	// The attempt's keys and those reset are locked in ReserveLogin's
	// order, so that resets and reservations of one key take turns rather
	// than deleting the same rows in different orders.
	keys := slices.Clone(reset)
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT key FROM login_failures WHERE attempt = ?`, attempt)
	if err != nil {
		return fmt.Errorf("keys of login attempt: %w", err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("keys of login attempt: %w", err)
	}
	sort.Strings(keys)
	if err := tx.db.d.LockKeys(ctx, tx, slices.Compact(keys)...); err != nil {
		return fmt.Errorf("lock login keys: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE attempt = ?`, attempt); err != nil {
		return fmt.Errorf("forget login attempt: %w", err)
	}
	for _, k := range reset {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, k); err != nil {
			return fmt.Errorf("reset login failures: %w", err)
		}
	}
	return tx.Commit()
}

func (s *Store) UnlockLogin(ctx context.Context, key string) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
	if err != nil {
		return 0, fmt.Errorf("unlock login %s: %w", key, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
