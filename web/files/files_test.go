package files

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestStageCommitDiscard(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("东湖镇青山村村规民约")
	sum := sha256.Sum256(content)
	cases := []struct {
		name      string
		max       int64
		commit    bool
		discard   bool // after commit: the transaction failed
		wantErr   error
		wantFiles int
	}{
		{name: "too large", max: 5, wantErr: ErrTooLarge, wantFiles: 0},
		{name: "discarded", max: 1 << 20, wantFiles: 0, discard: true},
		{name: "committed", max: 1 << 20, commit: true, wantFiles: 1},
		{name: "same content again", max: 1 << 20, commit: true, wantFiles: 1},
		{name: "same content, transaction failed", max: 1 << 20, commit: true, discard: true, wantFiles: 1}, // the earlier copy stays
		// A file this upload placed stays too: another upload of the same
		// content (on another node) may rely on it already; Prune sweeps
		// it once no record references it and it is older than Grace.
	}
	for _, c := range cases {
		st, err := s.Stage(bytes.NewReader(content), c.max)
		if !errors.Is(err, c.wantErr) {
			t.Fatalf("%s: Stage error %v, want %v", c.name, err, c.wantErr)
		}
		if err == nil {
			if st.SHA256 != hex.EncodeToString(sum[:]) || st.Size != int64(len(content)) {
				t.Fatalf("%s: staged %s %d", c.name, st.SHA256, st.Size)
			}
			if c.commit {
				if err := st.Commit(); err != nil {
					t.Fatal(err)
				}
			}
			if c.discard {
				st.Discard()
			}
		}
		if n, _ := s.Count(); n != c.wantFiles {
			t.Errorf("%s: %d files, want %d", c.name, n, c.wantFiles)
		}
	}
	f, err := s.Open(hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := s.Path("../../etc/passwd"); err == nil {
		t.Error("Path accepts a traversal")
	}
}

// Temporary files older than Grace are a crash's leftovers; younger ones
// may be uploads in flight on another node sharing the directory.
func TestOpenRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	os.WriteFile(dir+"/tmp/upload-123", []byte("half"), 0o644)
	os.WriteFile(dir+"/tmp/upload-456", []byte("writing"), 0o644)
	old := time.Now().Add(-Grace - time.Minute)
	os.Chtimes(dir+"/tmp/upload-123", old, old)
	if n, _ := s.Count(); n != 2 {
		t.Fatalf("%d files", n)
	}
	s, _ = Open(dir)
	if n, _ := s.Count(); n != 1 {
		t.Fatalf("after a restart %d files, want the one in flight", n)
	}
	if _, err := os.Stat(dir + "/tmp/upload-456"); err != nil {
		t.Errorf("an upload in flight was removed: %v", err)
	}
}

// Many nodes storing the same file at once: every commit succeeds, one
// complete file is in place, no temporary file is left.
func TestCommitSameFileAtOnce(t *testing.T) {
	dir := t.TempDir()
	content := bytes.Repeat([]byte("青山村村规民约第一条。"), 50000)
	const n = 8
	staged := make([]*Staged, n)
	for i := range staged {
		s, err := Open(dir) // a node of its own on the shared directory
		if err != nil {
			t.Fatal(err)
		}
		if staged[i], err = s.Stage(bytes.NewReader(content), 1<<24); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range staged {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = staged[i].Commit()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
	}
	s, _ := Open(dir)
	if c, _ := s.Count(); c != 1 {
		t.Errorf("%d files after %d commits of one content, want 1", c, n)
	}
	f, err := s.Open(staged[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := io.ReadAll(f)
	if !bytes.Equal(got, content) {
		t.Errorf("stored %d bytes, want the %d uploaded", len(got), len(content))
	}
}

// A damaged file at the address (cut short by a writer that did not
// write atomically, a disk error) is never relied on: the next upload of
// the content replaces it.
func TestCommitReplacesDamagedFile(t *testing.T) {
	s, _ := Open(t.TempDir())
	content := []byte("东湖镇青山村村规民约")
	st, err := s.Stage(bytes.NewReader(content), 100)
	if err != nil {
		t.Fatal(err)
	}
	final, _ := s.Path(st.SHA256)
	os.MkdirAll(filepath.Dir(final), 0o755)
	os.WriteFile(final, content[:5], 0o644)
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(final); !bytes.Equal(got, content) {
		t.Errorf("stored %q, want %q", got, content)
	}
}

// Prune removes exactly the files no record keeps (issue 14: a file moved
// into place before a commit that kill -9 prevented stayed for ever).
func TestPrune(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var sums []string
	for _, c := range []string{"甲", "乙", "丙"} {
		st, err := s.Stage(bytes.NewReader([]byte(c)), 100)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
		sums = append(sums, st.SHA256)
	}
	// Young files stay whatever keep says: another node's transaction may
	// be about to reference them.
	if n, err := s.Prune(map[string]bool{}, time.Now().Add(-Grace)); err != nil || n != 0 {
		t.Fatalf("Prune of young files: %d, %v; want 0 removed", n, err)
	}
	n, err := s.Prune(map[string]bool{sums[0]: true, sums[2]: true}, time.Now().Add(time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("Prune: %d, %v; want 1 removed", n, err)
	}
	for i, sum := range sums {
		_, err := s.Open(sum)
		if (err == nil) != (i != 1) {
			t.Errorf("file %d: open error %v", i, err)
		}
	}
}
