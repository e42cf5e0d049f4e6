package review

import (
	"regexp"
	"sync"
)

// lazyRegexp is one of the package's own regular expressions, compiled
// when first used or by compileRegexps, whichever comes first.
//
// The package has ~85 of them (document types, citations, negation,
// checks); compiled as package variables they were most of its init, 15–20
// ms of a cold `lawreview review` spent on the one goroutine a process has
// before main, while the second core idled. Compiled lazily, Preload
// compiles them on the other core while the command opens its data.
// TestRegexpsCompile compiles every one, so a bad expression still fails
// the tests, not a review.
type lazyRegexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

// allRegexps lists every lazyRegexp, for compileRegexps.
var allRegexps []*lazyRegexp

// lazyCompile declares an expression compiled on first use; it must be
// called only from package variable initialisers, which run before any
// goroutine can call compileRegexps.
func lazyCompile(src string) *lazyRegexp {
	l := &lazyRegexp{src: src}
	allRegexps = append(allRegexps, l)
	return l
}

func (l *lazyRegexp) compiled() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

// compileRegexps compiles every expression not compiled yet.
func compileRegexps() {
	for _, l := range allRegexps {
		l.compiled()
	}
}

// String is the expression's source, as regexp.Regexp's String; it does
// not compile it.
func (l *lazyRegexp) String() string { return l.src }

func (l *lazyRegexp) MatchString(s string) bool { return l.compiled().MatchString(s) }

func (l *lazyRegexp) FindString(s string) string { return l.compiled().FindString(s) }

func (l *lazyRegexp) FindStringIndex(s string) []int { return l.compiled().FindStringIndex(s) }

func (l *lazyRegexp) FindStringSubmatch(s string) []string {
	return l.compiled().FindStringSubmatch(s)
}

func (l *lazyRegexp) FindStringSubmatchIndex(s string) []int {
	return l.compiled().FindStringSubmatchIndex(s)
}

func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	return l.compiled().FindAllStringIndex(s, n)
}

func (l *lazyRegexp) FindAllStringSubmatch(s string, n int) [][]string {
	return l.compiled().FindAllStringSubmatch(s, n)
}

func (l *lazyRegexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.compiled().FindAllStringSubmatchIndex(s, n)
}

func (l *lazyRegexp) ReplaceAllString(src, repl string) string {
	return l.compiled().ReplaceAllString(src, repl)
}

func (l *lazyRegexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return l.compiled().ReplaceAllStringFunc(src, repl)
}

func (l *lazyRegexp) Split(s string, n int) []string { return l.compiled().Split(s, n) }
