// Package files keeps uploaded originals content-addressed by sha256 under
// one directory, so that a record only ever references a complete file.
package files

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// ErrTooLarge is returned by Stage when the content exceeds the limit.
var ErrTooLarge = errors.New("file too large")

// Store is a directory of files named by their sha256.
type Store struct {
	dir string
}

// Open creates the directory if needed. Leftover temporary files from a
// crash are removed: no record can reference them.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return nil, fmt.Errorf("create file store %s: %w", dir, err)
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "tmp", "upload-*"))
	for _, t := range tmps {
		os.Remove(t)
	}
	return &Store{dir: dir}, nil
}

// Dir is the root directory.
func (s *Store) Dir() string { return s.dir }

var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Path is where the file with this sha256 lives: <dir>/ab/abcdef....
func (s *Store) Path(sum string) (string, error) {
	if !shaRe.MatchString(sum) {
		return "", fmt.Errorf("invalid sha256 %q", sum)
	}
	return filepath.Join(s.dir, sum[:2], sum), nil
}

// Open opens a stored file for reading.
func (s *Store) Open(sum string) (*os.File, error) {
	p, err := s.Path(sum)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// Staged is an uploaded file written to a temporary name: Commit moves it
// into place, Discard removes it. Exactly one of the two must be called.
type Staged struct {
	store  *Store
	tmp    string
	SHA256 string
	Size   int64
	placed string // final path when Commit created it (so Undo may remove it)
}

// Stage writes r to a temporary file, at most max bytes (ErrTooLarge beyond).
func (s *Store) Stage(r io.Reader, max int64) (*Staged, error) {
	f, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "upload-*")
	if err != nil {
		return nil, fmt.Errorf("create temporary file: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, max+1))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > max {
		err = ErrTooLarge
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	return &Staged{store: s, tmp: f.Name(), SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

// ReadAll returns the staged content.
func (st *Staged) ReadAll() ([]byte, error) { return os.ReadFile(st.tmp) }

// Commit moves the file to its content address. If a file with the same
// content already exists the temporary copy is simply dropped.
func (st *Staged) Commit() error {
	final, err := st.store.Path(st.SHA256)
	if err != nil {
		return err
	}
	if _, err := os.Stat(final); err == nil {
		os.Remove(st.tmp)
		st.tmp = ""
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return fmt.Errorf("create file directory: %w", err)
	}
	if err := os.Rename(st.tmp, final); err != nil {
		return fmt.Errorf("move uploaded file into place: %w", err)
	}
	st.tmp, st.placed = "", final
	return nil
}

// Discard removes the temporary file, and the committed one if this Staged
// created it (the database transaction that would reference it failed).
func (st *Staged) Discard() {
	if st.tmp != "" {
		os.Remove(st.tmp)
		st.tmp = ""
	}
	if st.placed != "" {
		os.Remove(st.placed)
		st.placed = ""
	}
}

// Count returns the number of stored files (temporary ones included), for
// tests that check nothing was left behind.
func (s *Store) Count() (int, error) {
	n := 0
	err := filepath.WalkDir(s.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	return n, err
}

// Prune removes the stored files whose sha256 keep lacks and returns how
// many it removed. An upload moves its file into place inside the
// database transaction, just before the commit (Staged.Commit), so a
// process killed between the two leaves a file no record references; the
// server prunes at start, when no upload is in flight.
func (s *Store) Prune(keep map[string]bool) (int, error) {
	removed := 0
	dirs, err := os.ReadDir(s.dir)
	if err != nil {
		return 0, fmt.Errorf("list file store %s: %w", s.dir, err)
	}
	for _, d := range dirs {
		if !d.IsDir() || len(d.Name()) != 2 {
			continue // tmp/ is cleaned by Open
		}
		ents, err := os.ReadDir(filepath.Join(s.dir, d.Name()))
		if err != nil {
			return removed, fmt.Errorf("list file store %s: %w", d.Name(), err)
		}
		for _, e := range ents {
			sum := e.Name()
			if e.IsDir() || !shaRe.MatchString(sum) || sum[:2] != d.Name() || keep[sum] {
				continue
			}
			if err := os.Remove(filepath.Join(s.dir, d.Name(), sum)); err != nil {
				return removed, fmt.Errorf("remove orphan file %s: %w", sum, err)
			}
			removed++
		}
	}
	return removed, nil
}
