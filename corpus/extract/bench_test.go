package extract

import (
	"path/filepath"
	"testing"
)

// BenchmarkExtractDocx measures .docx extraction; SetBytes uses the size of
// the extracted text, so MB/s reads as text produced per second.
func BenchmarkExtractDocx(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.docx"))
	for _, path := range files {
		data := fixture(b, filepath.Base(path))
		doc, err := Bytes(path, data, Options{})
		if err != nil {
			continue // the encrypted fixture
		}
		b.Run(filepath.Base(path), func(b *testing.B) {
			b.SetBytes(int64(len(doc.Text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Bytes(path, data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
