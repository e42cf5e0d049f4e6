package auth

import (
	"sync"
	"time"
)

// Throttle limits failed logins per key (the web package uses both
// "user:<name>" and "ip:<addr>"): after Max failures within Window the key
// is locked until Window has passed since the first failure.
type Throttle struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle returns a throttle allowing max failures per window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, Now: time.Now, failures: map[string][]time.Time{}}
}

// Blocked reports whether key is locked and for how long still.
func (t *Throttle) Blocked(key string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.prune(key)
	if len(recent) < t.Max {
		return false, 0
	}
	return true, recent[0].Add(t.Window).Sub(t.Now())
}

// Fail records a failed attempt.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures[key] = append(t.prune(key), t.Now())
	// Bound memory under a flood of distinct keys.
	if len(t.failures) > 100000 {
		for k := range t.failures {
			if len(t.prune(k)) == 0 {
				delete(t.failures, k)
			}
		}
	}
}

// Reset forgets the failures of key (after a successful login).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}

func (t *Throttle) prune(key string) []time.Time {
	cut := t.Now().Add(-t.Window)
	fs := t.failures[key]
	i := 0
	for i < len(fs) && !fs[i].After(cut) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = fs
	return fs
}
