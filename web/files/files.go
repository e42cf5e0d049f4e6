// Package files keeps uploaded originals content-addressed by sha256 under
// one directory, so that a record only ever references a complete file.
// The directory may be shared by several server nodes (NFS or the like):
// a file is written under a temporary name and linked into place, a file
// found in place is checked against its name before it is relied on, and
// nothing a node did not write itself, or wrote recently, is removed.
package files

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// ErrTooLarge is returned by Stage when the content exceeds the limit.
var ErrTooLarge = errors.New("file too large")

// Store is a directory of files named by their sha256.
type Store struct {
	dir string
}

// Grace is how old a file must be before a sweep may remove it: another
// node sharing the directory may be writing it, or may have placed it for
// a transaction it has not committed yet. Uploads take seconds; an hour
// leaves room for the slowest.
const Grace = time.Hour

// Open creates the directory if needed. Temporary files older than Grace
// are leftovers of a crash and are removed: no record can reference them.
// Younger ones may be uploads in flight on another node.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return nil, fmt.Errorf("create file store %s: %w", dir, err)
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "tmp", "upload-*"))
	old := time.Now().Add(-Grace)
	for _, t := range tmps {
		if fi, err := os.Stat(t); err == nil && fi.ModTime().Before(old) {
			os.Remove(t)
		}
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
// into place, Discard removes what is left. Exactly one of Commit and
// Discard is called, or Discard after Commit when the transaction that
// would have referenced the file failed.
type Staged struct {
	store  *Store
	tmp    string
	SHA256 string
	Size   int64
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

// Commit puts the file at its content address. The temporary file is
// hard-linked there, which fails rather than overwrites when the name is
// taken: by the same content stored by another upload (on this node or
// another, perhaps at this very moment), or by a damaged file. A file
// found in place is used only when its content hashes to its name, and
// is then touched, so that a sweep's grace spares it while the
// transaction that now references it commits; a damaged one is replaced
// by renaming over it. Where the file system has no hard links, the
// temporary file is renamed into place: the same content either way.
func (st *Staged) Commit() error {
	final, err := st.store.Path(st.SHA256)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return fmt.Errorf("create file directory: %w", err)
	}
	err = os.Link(st.tmp, final)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrExist):
		if sum, herr := hashFile(final); herr == nil && sum == st.SHA256 {
			now := time.Now()
			if err := os.Chtimes(final, now, now); err != nil {
				return fmt.Errorf("keep stored file: %w", err)
			}
			break
		}
		if err := os.Rename(st.tmp, final); err != nil {
			return fmt.Errorf("replace damaged stored file: %w", err)
		}
	default:
		if err := os.Rename(st.tmp, final); err != nil {
			return fmt.Errorf("move uploaded file into place: %w", err)
		}
	}
	os.Remove(st.tmp)
	st.tmp = ""
	return nil
}

// Discard removes the temporary file. A file Commit put in place stays,
// even when the transaction that would reference it failed: another
// upload of the same content, on this node or another, may rely on it
// already. Files no record references are swept at start (Prune), once
// older than Grace.
func (st *Staged) Discard() {
	if st.tmp != "" {
		os.Remove(st.tmp)
		st.tmp = ""
	}
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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

// Prune removes the stored files whose sha256 keep lacks, last changed
// before the given time, and returns how many it removed. An upload moves
// its file into place inside the database transaction, just before the
// commit (Staged.Commit), so a process killed between the two, or a
// commit that failed, leaves a file no record references. The server
// prunes at start with before = now - Grace: other nodes sharing the
// directory may have uploads in flight, whose files are younger.
func (s *Store) Prune(keep map[string]bool, before time.Time) (int, error) {
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
			if fi, err := e.Info(); err != nil || !fi.ModTime().Before(before) {
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
