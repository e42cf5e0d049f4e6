package review

import (
	"slices"
	"strings"

	"lawreview/review/precedent"
)

// The types in this file are the JSON printed by `lawreview review --format
// json` and served by GET /api/v1/reviews/{id}. Other programs read them:
// add fields freely, never rename or remove one.

// Report is the review of one document.
type Report struct {
	File      string          `json:"file"`
	Title     string          `json:"title"`
	Type      string          `json:"type"` // 村规民约, 居民公约, 规范性文件, 决定, 合同, 其他
	Text      string          `json:"text"` // the normalized text that every offset indexes, in runes
	Findings  []Finding       `json:"findings"`
	Checklist []ChecklistItem `json:"checklist"`
	// Notices are remarks on the review as a whole, in Chinese, e.g.
	// NoticeAllRules when the type could not be determined.
	Notices []string `json:"notices,omitempty"`
	// LikelyType is, for a document of type 其他, the type its wording
	// points to (it chooses the articles cited); empty when none.
	LikelyType string `json:"likely_type,omitempty"`
}

// Finding is one problem at one place in the text.
type Finding struct {
	Rule       string    `json:"rule"`
	Item       string    `json:"item"`     // checklist item, e.g. 内容合法性
	Severity   Severity  `json:"severity"` // error, warning, info
	Message    string    `json:"message"`
	Suggestion string    `json:"suggestion"`
	Quote      string    `json:"quote"` // equals []rune(Text)[Start:End]
	Start      int       `json:"start"` // rune offset into Report.Text
	End        int       `json:"end"`
	Line       int       `json:"line"` // 1-based line of Start in Report.Text
	Basis      []Basis   `json:"basis"`
	Related    []Related `json:"related"`
	Title      string    `json:"title"`               // the rule's title, e.g. 村规民约设定罚款
	Merged     []string  `json:"merged,omitempty"`    // other rules that flagged the same place
	Authority  string    `json:"authority,omitempty"` // a basis outside the law corpus, e.g. 国办发〔2018〕37号
	Document   bool      `json:"document,omitempty"`  // about the whole document (something missing), not one clause
	// Precedents are the signed decisions most like this clause (at most
	// three); LikelyLawful is set when the clause closely matches one
	// that reviewers judged lawful. Filled by the web workplace.
	Precedents   []PrecedentRef `json:"precedents,omitempty"`
	LikelyLawful *PrecedentRef  `json:"likely_lawful,omitempty"`
	// FromPrecedent is the unlawful precedent that this finding (rule
	// "precedent") repeats, with its similarity to the quote's sentence.
	FromPrecedent *PrecedentRef `json:"from_precedent,omitempty"`
	// Reader is "learned" on a finding that no rule's pattern made but the
	// learned reader (review/learn) scored above its threshold; empty on
	// every other finding. Learned says why.
	Reader  string      `json:"reader,omitempty"`
	Learned *LearnedRef `json:"learned,omitempty"`
	// Grave is set when the finding concerns a rule marked grave in its
	// data (personal freedom, dignity, the home, land and collective
	// rights: docs/precedents.md): no precedent makes it likely lawful, and
	// a reviewer's dismissal of it never becomes a lawful precedent.
	Grave bool `json:"grave,omitempty"`
}

// PrecedentRef is a decided clause shown with a finding (see
// review/precedent). Township and ReviewURL are empty for users who may
// not see that review.
type PrecedentRef struct {
	ID         string            `json:"id"`
	Clause     string            `json:"clause"`
	Verdict    precedent.Verdict `json:"verdict"` // 违法, 合法
	Conclusion string            `json:"conclusion,omitempty"`
	Date       string            `json:"date"`
	DocType    string            `json:"doc_type,omitempty"`
	Township   string            `json:"township,omitempty"`
	Rule       string            `json:"rule,omitempty"`
	Similarity float64           `json:"similarity"`
	Summary    string            `json:"summary"` // 同类表述于2025年3月在某镇村规民约审查中被认定违法
	URL        string            `json:"url"`     // the precedent's page in the workplace ("" from the command line)
	ReviewURL  string            `json:"review_url,omitempty"`
	Source     precedent.Source  `json:"source,omitempty"`     // public (a published case), import, review (this office)
	Publisher  string            `json:"publisher,omitempty"`  // who published the case
	SourceURL  string            `json:"source_url,omitempty"` // where it was published
	Citation   string            `json:"citation,omitempty"`   // a judgment's case number
	Case       string            `json:"case,omitempty"`       // the published case in one line
}

// Basis is an article that a finding rests on.
type Basis struct {
	Law     string `json:"law"`     // full law name
	Article string `json:"article"` // e.g. 第二十七条
	Text    string `json:"text"`
	// Part and Excerpt name and quote the 款 or 项 of the article that the
	// finding rests on (第六款, 第三项), when one part of a longer article
	// is clearly what the rule is about; empty when the article is meant
	// whole.
	Part    string `json:"part,omitempty"`
	Excerpt string `json:"excerpt,omitempty"`
}

// LawArticles is one law a finding cites and its articles cited, in the
// order first cited: a lawyer writes 《妇女权益保障法》第五十五条第一款、第五十六条,
// not the law's name before every article.
type LawArticles struct {
	Law      string
	Articles []Basis
}

// ByLaw groups bs by law in the order of first citation, dropping an
// article cited twice for the same part. Law names are compared without
// their book-title marks and blanks, which some rule files keep.
func ByLaw(bs []Basis) []LawArticles {
	var out []LawArticles
	at := map[string]int{}
	for _, b := range bs {
		law := strings.Trim(strings.TrimSpace(b.Law), "《》")
		if law == "" {
			continue
		}
		i, ok := at[law]
		if !ok {
			i = len(out)
			at[law] = i
			out = append(out, LawArticles{Law: law})
		}
		dup := false
		for _, a := range out[i].Articles {
			if a.Article == b.Article && a.Part == b.Part {
				dup = true
				break
			}
		}
		if !dup {
			out[i].Articles = append(out[i].Articles, b)
		}
	}
	return out
}

// Related is an article the index found similar to the quoted clause.
type Related struct {
	Law     string  `json:"law"`
	Article string  `json:"article"`
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
}

// ChecklistItem is the state of one review question for the whole document.
type ChecklistItem struct {
	Item   string      `json:"item"`
	Status CheckStatus `json:"status"` // problem, ok, manual
	Note   string      `json:"note,omitempty"`
	Rule   string      `json:"rule,omitempty"`  // for manual checks: the rule that asks for them
	Title  string      `json:"title,omitempty"` // for manual checks: what to check, in short
	// Rules are the ids of the rules that found the item's problems (the
	// note names the problems by title and number, never by id).
	Rules []string `json:"rules,omitempty"`
}

// Severity is how grave a finding is. It is written in the JSON, the
// rules and the database as the string of its constant; Label is the one
// place its Chinese name is written, for pages, the command line and
// documents; Rank grows with the severity (0 for a string that is none).
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Severities in the order they are listed: the gravest first.
var Severities = []Severity{SeverityError, SeverityWarning, SeverityInfo}

func (s Severity) Label() string {
	switch s {
	case SeverityError:
		return "违法"
	case SeverityWarning:
		return "风险"
	case SeverityInfo:
		return "提示"
	}
	return string(s)
}

func (s Severity) Rank() int {
	if i := slices.Index(Severities, s); i >= 0 {
		return len(Severities) - i
	}
	return 0
}

func (s Severity) Valid() bool { return s.Rank() > 0 }

// CheckStatus is the state of one checklist item, in the JSON as the
// string of its constant; Label is its Chinese name.
type CheckStatus string

const (
	StatusProblem CheckStatus = "problem"
	StatusOK      CheckStatus = "ok"
	StatusManual  CheckStatus = "manual" // only a person can tell
)

func (s CheckStatus) Label() string {
	switch s {
	case StatusProblem:
		return "有问题"
	case StatusOK:
		return "通过"
	case StatusManual:
		return "需人工判断"
	}
	return string(s)
}

// HasErrors reports whether any finding is of error severity, which makes
// the CLI exit with status 1.
func (r *Report) HasErrors() bool {
	for _, f := range r.Findings {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// ReaderLearned is Finding.Reader for a finding of the learned reader.
const ReaderLearned = "learned"

// LearnedRef is why the learned reader flagged a sentence: the legal
// category (a family of rules), the model's score and the features of the
// sentence that weighed most, in Chinese.
type LearnedRef struct {
	Family   string   `json:"family"`
	Score    float64  `json:"score"`
	Features []string `json:"features"`
}
