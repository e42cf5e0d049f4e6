package segment_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/corpus/extract"
	"lawreview/corpus/segment"
)

// These benchmarks measure the first two steps of every review and every
// import together: extract a file, then cut its text in search mode. They
// report MB/s of extracted text (b.SetBytes), the figure in
// docs/benchmarks.md. Run with `make bench` or
// go test -run '^$' -bench Pipeline ./corpus/segment/

func repoRoot(b *testing.B) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			b.Fatal("go.mod not found")
		}
		dir = parent
	}
}

type file struct {
	name string
	data []byte
}

func load(b *testing.B, root string, keep func(string) bool) []file {
	var files []file
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !keep(path) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err == nil {
			files = append(files, file{path, data})
		}
		return nil
	})
	if len(files) == 0 {
		b.Skipf("no files under %s", root)
	}
	return files
}

func benchPipeline(b *testing.B, files []file) {
	seg, err := segment.Shared()
	if err != nil {
		b.Fatal(err)
	}
	// SetBytes wants bytes per iteration: the extracted text of all files.
	var textBytes int64
	for _, f := range files {
		doc, err := extract.Bytes(f.name, f.data, extract.Options{})
		if err == nil {
			textBytes += int64(len(doc.Text))
		}
	}
	b.SetBytes(textBytes)
	b.ReportMetric(float64(len(files)), "files/op")
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			doc, err := extract.Bytes(f.name, f.data, extract.Options{})
			if err != nil {
				continue
			}
			seg.CutForSearch(doc.Text)
		}
	}
}

// BenchmarkPipelineCorpus runs over every Markdown file of the real corpus
// (../shared/corpus/laws, about 58 MB); skipped when it is absent.
func BenchmarkPipelineCorpus(b *testing.B) {
	root := filepath.Join(repoRoot(b), "..", "shared", "corpus", "laws")
	benchPipeline(b, load(b, root, func(p string) bool { return strings.HasSuffix(p, ".md") }))
}

// BenchmarkPipelineDocx runs over the project's .docx fixtures.
func BenchmarkPipelineDocx(b *testing.B) {
	root := repoRoot(b)
	var files []file
	for _, dir := range []string{filepath.Join(root, "testdata", "drafts"), filepath.Join(root, "corpus", "extract", "testdata")} {
		files = append(files, load(b, dir, func(p string) bool { return strings.HasSuffix(p, ".docx") })...)
	}
	benchPipeline(b, files)
}

// BenchmarkSegmentOnlyCorpus is the floor: jieba alone on the same text.
func BenchmarkSegmentOnlyCorpus(b *testing.B) {
	root := filepath.Join(repoRoot(b), "..", "shared", "corpus", "laws")
	files := load(b, root, func(p string) bool { return strings.HasSuffix(p, ".md") })
	seg, err := segment.Shared()
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	var n int64
	for _, f := range files {
		texts = append(texts, string(f.data))
		n += int64(len(f.data))
	}
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			seg.CutForSearch(t)
		}
	}
}
