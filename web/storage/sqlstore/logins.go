package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"sort"
	"time"

	"lawreview/web/storage"
)

func (s *Store) ReserveLogin(ctx context.Context, limits []storage.LoginLimit, at time.Time) (int64, *storage.LoginBlocked, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, nil, fmt.Errorf("login attempt id: %w", err)
	}
	attempt := int64(binary.LittleEndian.Uint64(b[:]) >> 1)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("reserve login: %w", err)
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
		return 0, nil, fmt.Errorf("lock login keys: %w", err)
	}
	longest := time.Duration(0)
	for _, l := range limits {
		longest = max(longest, l.Window)
		var n int
		var oldest string
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(at), '') FROM login_failures WHERE key = ? AND at > ?`,
			l.Key, ts(at.Add(-l.Window))).Scan(&n, &oldest); err != nil {
			return 0, nil, fmt.Errorf("count login failures: %w", err)
		}
		if n >= l.Max {
			return 0, &storage.LoginBlocked{Limit: l, Until: parseTS(oldest).Add(l.Window)}, nil
		}
	}
	for _, l := range limits {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (attempt, key, at) VALUES (?, ?, ?)`, attempt, l.Key, ts(at)); err != nil {
			return 0, nil, fmt.Errorf("count login attempt: %w", err)
		}
	}
	// Failures older than every window count for nothing any more.
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= ?`, ts(at.Add(-longest))); err != nil {
		return 0, nil, fmt.Errorf("prune login failures: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, fmt.Errorf("reserve login: %w", err)
	}
	return attempt, nil, nil
}

func (s *Store) ForgetLogin(ctx context.Context, attempt int64, reset ...string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("forget login: %w", err)
	}
	defer tx.Rollback()
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
