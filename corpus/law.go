// Package corpus holds the body of law that reviews cite: laws, their
// versions and their articles, parsed from Markdown, .docx or .txt, and the
// small default corpus that ships inside the binary.
package corpus

import "time"

// Status says whether a version of a law is the one in force.
type Status string

const (
	StatusCurrent    Status = "current"    // the version in force
	StatusSuperseded Status = "superseded" // replaced by a later version
	StatusRepealed   Status = "repealed"   // no version of the law is in force
)

// Law is one version of one law (立法法 2015 and 立法法 2023 are two Laws
// sharing a Name).
type Law struct {
	ID          string    // stable across imports: name + "@" + version date (2006-01-02), e.g. 立法法@2023-03-13
	Name        string    // full title, e.g. 中华人民共和国立法法
	ShortName   string    // without 中华人民共和国, e.g. 立法法
	Subtitle    string    // a second title line, if any
	Level       string    // 宪法, 法律, 行政法规, 地方性法规, 司法解释, 部门规章, 案例, 其他
	Category    string    // folder in the source collection, e.g. 行政法
	Region      string    // province for local regulations, "" for national
	Published   time.Time // version date (zero if unknown)
	InForceFrom time.Time // zero if unknown
	Status      Status
	History     []History
	Articles    []Article
	Source      string // where it was imported from (relative path or "default")
	// Partial marks an excerpt (the default corpus holds chosen articles
	// only): a missing article is no evidence that the law lacks it.
	Partial bool

	// lazy, set on the laws of ReadSnapshotLazy, decodes Articles on
	// first use (loadArticles).
	lazy *lazyArticles
}

// History is one line of a law's legislative history.
type History struct {
	Date   time.Time
	Action string // 通过, 修正, 修订, 公布, 施行, ...
	Text   string // the whole line as written
}

// Article is one 条 of a law.
type Article struct {
	Number     int      // 123 for 第一百二十三条
	Sub        int      // 1 for 第二十条之一, 0 otherwise
	Label      string   // 第一百二十三条, 第二十条之一
	Chapters   []string // enclosing headings outermost first: 第一编 总则, 第一章 ..., 第一节 ...
	Paragraphs []string // the 款 in order; items （一）… stay inside their paragraph's lines
	Text       string   // the article as written after its label: paragraphs joined by "\n"
}

// Chapter is the innermost enclosing heading, "" when the law has none.
func (a *Article) Chapter() string {
	if len(a.Chapters) == 0 {
		return ""
	}
	return a.Chapters[len(a.Chapters)-1]
}
