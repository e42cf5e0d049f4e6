package corpus

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Successor says where the rule of an article of a repealed law, or of an
// earlier version of a renumbered law, now stands.
type Successor struct {
	Law        string    // short name of the old law (合同法)
	Version    time.Time // the old version the article numbers belong to
	Article    string    // 第五十二条
	NewLaw     string    // short name of the law that took its place (民法典)
	NewVersion time.Time
	// Articles are the successor articles, the main one first; empty when
	// no article of the successor takes the rule up.
	Articles []string
	Method   string // how the row was made: 比对0.97 (text alignment, score) or 阅读 (decided by reading)
}

// Renumbered reports whether the successor is a later version of the same
// law rather than another law.
func (s Successor) Renumbered() bool { return s.Law == s.NewLaw }

//go:embed successors.tsv
var successorsTSV string

type successorKey struct{ law, article string }

type successorTable struct {
	rows map[successorKey][]Successor
}

var (
	successorsOnce sync.Once
	successors     *successorTable
	successorsErr  error
)

func defaultSuccessors() (*successorTable, error) {
	successorsOnce.Do(func() { successors, successorsErr = parseSuccessors(successorsTSV) })
	return successors, successorsErr
}

// parseSuccessors reads successors.tsv: comment lines (#), a header line,
// then old law, old version, old article, new law, new version, new
// articles (comma-separated, "-" for none), method.
func parseSuccessors(s string) (*successorTable, error) {
	t := &successorTable{rows: map[successorKey][]Successor{}}
	sc := bufio.NewScanner(strings.NewReader(s))
	line, header := 0, false
	for sc.Scan() {
		line++
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !header {
			header = true
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 7 {
			return nil, fmt.Errorf("successors.tsv line %d: %d columns, want 7", line, len(cols))
		}
		ov, err1 := time.Parse(time.DateOnly, cols[1])
		nv, err2 := time.Parse(time.DateOnly, cols[4])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("successors.tsv line %d: bad version date", line)
		}
		if _, _, err := ParseArticleLabel(cols[2]); err != nil {
			return nil, fmt.Errorf("successors.tsv line %d: %w", line, err)
		}
		row := Successor{Law: cols[0], Version: ov, Article: cols[2], NewLaw: cols[3], NewVersion: nv, Method: cols[6]}
		if cols[5] != "-" {
			for _, a := range strings.Split(cols[5], ",") {
				if _, _, err := ParseArticleLabel(a); err != nil {
					return nil, fmt.Errorf("successors.tsv line %d: %w", line, err)
				}
				row.Articles = append(row.Articles, a)
			}
		}
		k := successorKey{row.Law, row.Article}
		t.rows[k] = append(t.rows[k], row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("successors.tsv: %w", err)
	}
	return t, nil
}

// SuccessorOf returns where article (第五十二条, 52) of the named law now
// stands. version is the version the article number belongs to; the zero
// time means the law as cited without a version, which only a law repealed
// as a whole (合同法) answers: an article number of a law still in force
// (行政处罚法 第二十三条) is read as the current version's own.
func SuccessorOf(law string, version time.Time, article string) (Successor, bool) {
	t, err := defaultSuccessors()
	if err != nil {
		return Successor{}, false
	}
	num, sub, err := ParseArticleLabel(article)
	if err != nil {
		return Successor{}, false
	}
	rows := t.rows[successorKey{CanonicalName(law), ArticleLabel(num, sub)}]
	for _, r := range rows {
		switch {
		case version.IsZero() && !r.Renumbered():
			return r, true
		case !version.IsZero() && r.Version.Equal(version):
			return r, true
		}
	}
	return Successor{}, false
}

// Successors returns every row of the table, for checks and listings.
func Successors() ([]Successor, error) {
	t, err := defaultSuccessors()
	if err != nil {
		return nil, err
	}
	var out []Successor
	for _, rs := range t.rows {
		out = append(out, rs...)
	}
	return out, nil
}

// HasSuccessorTable reports whether the table covers the given version of
// a law (for a message that says the correspondence is known).
func HasSuccessorTable(law string, version time.Time) bool {
	t, err := defaultSuccessors()
	if err != nil {
		return false
	}
	name := CanonicalName(law)
	for k, rs := range t.rows {
		if k.law != name {
			continue
		}
		for _, r := range rs {
			if version.IsZero() || r.Version.Equal(version) {
				return true
			}
		}
	}
	return false
}
