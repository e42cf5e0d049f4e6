package review

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Held-out real documents (testdata/heldout, README there): sets of the
// testdata/real format, collected from published sources and never read
// by anyone tuning the rules, kept as one gzip'd tar per set so that they
// survive a new machine (folders and branches outside main did not, twice)
// while nobody greps into them by accident. TestEvalHeldout reviews each
// set and logs only its table of figures per batch — never the misses,
// the false findings or the quotes — so the figure stays a measure of
// wordings the rules were not written from. A set leaves testdata/heldout
// for testdata/real when its misses are read to tune on.

const heldoutDir = "../testdata/heldout"

func TestEvalHeldout(t *testing.T) {
	sets, _ := filepath.Glob(filepath.Join(heldoutDir, "*.tar.gz"))
	sort.Strings(sets)
	if len(sets) == 0 {
		t.Skip("no held-out sets in testdata/heldout")
	}
	e := testEngine(t)
	var b strings.Builder
	for _, set := range sets {
		dir := t.TempDir()
		if err := untarFlat(set, dir); err != nil {
			t.Fatalf("%s: %v", set, err)
		}
		docs := loadReal(t, dir)
		if len(docs) == 0 {
			t.Errorf("%s: no documents", set)
			continue
		}
		table, _, _, _ := scoreReal(t, e, strings.TrimSuffix(filepath.Base(set), ".tar.gz"), docs)
		b.WriteString(table)
	}
	t.Log(b.String())
}

// untarFlat writes the regular files of a gzip'd tar into dir under their
// base names: a set is one flat folder, and a name with a path cannot
// escape dir.
func untarFlat(archive, dir string) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("gunzip: %w", err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("untar: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Base(h.Name)
		if name == "." || name == "/" || strings.HasPrefix(name, ".") {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, 8<<20))
		if err != nil {
			return fmt.Errorf("untar %s: %w", h.Name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
}
