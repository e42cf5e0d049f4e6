package compare

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The diff of two versions of a draft, as the compare API serves it.
func TestLinesGolden(t *testing.T) {
	old, err := os.ReadFile(filepath.Join("testdata", "v1.txt"))
	if err != nil {
		t.Fatal(err)
	}
	new, err := os.ReadFile(filepath.Join("testdata", "v2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(Lines(string(old), string(new)), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "v1-v2.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("diff differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}
