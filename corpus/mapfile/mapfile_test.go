package mapfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"text", []byte("第一条　为了规范村民自治，制定本法。\n")},
		{"pages", bytes.Repeat([]byte("罚款"), 5000)}, // more than one page
	} {
		p := filepath.Join(dir, tc.name)
		if err := os.WriteFile(p, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := Read(p)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !bytes.Equal(got, tc.data) || got == nil {
			t.Errorf("%s: read %d bytes (nil %v), want %d", tc.name, len(got), got == nil, len(tc.data))
		}
	}
}

// The mapping outlives a rename over the file: readers of the old
// snapshot keep their bytes while a new one is put in place.
func TestReadSurvivesReplacement(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("旧内容"), 0o644); err != nil {
		t.Fatal(err)
	}
	old, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "g")
	if err := os.WriteFile(tmp, []byte("新的内容"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
	if string(old) != "旧内容" {
		t.Errorf("old bytes now read %q", old)
	}
}

func TestReadMissing(t *testing.T) {
	if _, err := Read(filepath.Join(t.TempDir(), "none")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want a not-exist error", err)
	}
}
