package review

import "sync"

// memoLimit bounds a memo: reviews at many dates, or of many rules'
// words, must not grow the engine's memory without end.
const memoLimit = 10000

// memo remembers values the engine works out again and again for the same
// key (a basis article at a date, the part of an article for a rule). Safe
// for the concurrent reviews of one engine; emptied when full.
type memo[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (c *memo[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *memo[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > memoLimit {
		c.m = map[K]V{}
	}
	c.m[k] = v
}
