//go:build !unix

package index

import (
	"fmt"
	"os"
	"sync"
)

var storeMu sync.Mutex

// lock serialises builds within this process only: without flock, two
// processes importing at once may race (the pointer swap stays atomic).
func (s *Store) lock() (unlock func(), err error) {
	if err := os.MkdirAll(s.indexRoot(), 0o755); err != nil {
		return nil, fmt.Errorf("create index directory: %w", err)
	}
	storeMu.Lock()
	return storeMu.Unlock, nil
}
