//go:build unix

package index

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lock takes the store's exclusive lock, waiting for another build or
// import to finish. The kernel drops it if the process dies, so a crashed
// build never leaves the store locked.
func (s *Store) lock() (unlock func(), err error) {
	if err := os.MkdirAll(s.indexRoot(), 0o755); err != nil {
		return nil, fmt.Errorf("create index directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(s.indexRoot(), lockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock index: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock index: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
