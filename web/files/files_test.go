package files

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"testing"
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

func TestOpenRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	os.WriteFile(dir+"/tmp/upload-123", []byte("half"), 0o644)
	if n, _ := s.Count(); n != 1 {
		t.Fatalf("%d files", n)
	}
	s, _ = Open(dir)
	if n, _ := s.Count(); n != 0 {
		t.Fatalf("leftover temporary file survived a restart: %d files", n)
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
	n, err := s.Prune(map[string]bool{sums[0]: true, sums[2]: true})
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
