package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"lawreview/web/storage"
	"lawreview/web/storage/storagetest"
)

// SQLite is the storage suite's first backend: a database file in a
// temporary directory, opened once per "node".
func TestStore(t *testing.T) {
	storagetest.Run(t, storagetest.Backend{Fresh: func(t *testing.T) func(t *testing.T) storage.Store {
		path := filepath.Join(t.TempDir(), "test.db")
		return func(t *testing.T) storage.Store {
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
	}})
}

// What is SQLite's own: the connection's pragmas.
func TestPragmas(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var fk int
	var mode string
	if err := s.QueryRaw(context.Background(), "PRAGMA foreign_keys", &fk); err != nil {
		t.Fatal(err)
	}
	if err := s.QueryRaw(context.Background(), "PRAGMA journal_mode", &mode); err != nil {
		t.Fatal(err)
	}
	if fk != 1 || mode != "wal" {
		t.Errorf("foreign_keys=%d journal_mode=%s", fk, mode)
	}
}
