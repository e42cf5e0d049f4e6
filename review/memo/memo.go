// Package memo is a bounded map of values worked out again and again for
// the same key: the engine's basis articles and excerpts, the review
// page's table rows of a version.
package memo

import "sync"

// DefaultLimit is the Limit of a Map that sets none.
const DefaultLimit = 10000

// Map remembers values by key. Safe for concurrent use; emptied when it
// holds Limit entries, so that many dates, rules' words or versions
// cannot grow memory without end. The zero value is ready to use.
type Map[K comparable, V any] struct {
	Limit int // 0: DefaultLimit

	mu sync.Mutex
	m  map[K]V
}

// Get returns the value remembered for k.
func (c *Map[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

// Put remembers v for k.
func (c *Map[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	limit := c.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	if c.m == nil || len(c.m) >= limit {
		c.m = map[K]V{}
	}
	c.m[k] = v
}
