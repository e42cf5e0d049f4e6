package review

import (
	"regexp"
	"testing"
)

// TestRegexpsCompile compiles every package expression, which
// MustCompile at init used to do: a bad one fails here, not in a review.
func TestRegexpsCompile(t *testing.T) {
	if len(allRegexps) < 80 {
		t.Fatalf("%d package expressions, want the ~85 the package declares", len(allRegexps))
	}
	for _, l := range allRegexps {
		if _, err := regexp.Compile(l.src); err != nil {
			t.Errorf("%.60s: %v", l.src, err)
		}
	}
	compileRegexps()
	for _, l := range allRegexps {
		if l.re == nil || l.re.String() != l.String() {
			t.Errorf("%.60s: not compiled by compileRegexps", l.src)
		}
	}
}
