package review

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestRealTypes lists the real documents whose detected type differs from
// their label, without reviewing them: a fast listing for work on typing
// (TestEvalReal scores the same and reviews each document too). It only
// logs; TestEvalReal holds the figures.
func TestRealTypes(t *testing.T) {
	if os.Getenv("REAL_TYPES") == "" {
		t.Skip("REAL_TYPES=1 lists the real documents typed unlike their label")
	}
	docs := loadReal(t, envDir("REAL_DIR", realDir))
	var lines []string
	for _, d := range docs {
		if got := DetectType(d.title, d.text); got != d.labels.Type {
			lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%s", d.name, got, d.labels.Type, d.title))
		}
	}
	t.Logf("%d of %d typed as labelled\n%s", len(docs)-len(lines), len(docs), strings.Join(lines, "\n"))
}
