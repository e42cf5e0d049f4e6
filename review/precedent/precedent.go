// Package precedent is the memory of signed reviews: every finding a
// reviewer accepted or added becomes a precedent ("this wording was judged
// unlawful"), every finding dismissed a negative precedent ("this wording
// was judged lawful"). Precedents are also imported from typical cases
// published by authorities or from another office's export, in the JSON
// Lines format of docs/precedents.md (see Decode and Encode).
//
// The package holds the model, the file format and the similarity logic
// that decides which precedents a new finding is shown and when it is
// likely lawful. Storage lives in web/storage, the search index in
// index/precedent.
package precedent

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Verdict is what was decided about a clause. Its value is its Chinese
// name (the JSON Lines format and the index hold it so): Label returns it.
type Verdict string

// Verdicts: what the reviewer decided about the clause. The constants are
// untyped, so that they also fill the index's and the files' string fields.
const (
	Unlawful = "违法" // the finding was accepted (or added by the reviewer)
	Lawful   = "合法" // the finding was dismissed: the wording was judged lawful
)

// Verdicts in the order they are listed.
var Verdicts = []Verdict{Unlawful, Lawful}

func (v Verdict) Label() string { return string(v) }

func (s Source) Label() string {
	switch s {
	case SourceReview:
		return "本所审查"
	case SourceImport:
		return "外部导入"
	case SourcePublic:
		return "公开案例"
	}
	return string(s)
}

// Source is where a precedent comes from.
type Source string

// Sources of a precedent (untyped, like the verdicts).
const (
	SourceReview = "review" // a review signed in this office
	SourceImport = "import" // imported from a JSON Lines file
	// SourcePublic is a verdict published by an authority or a court (the
	// bank shipped with the binary, bank/*.jsonl): the only source a JSON
	// Lines file states, as "source": "public".
	SourcePublic = "public"
)

// Sources in the order they are listed (the search page's filter).
var Sources = []Source{SourcePublic, SourceImport, SourceReview}

// Basis is an article the finding rests on.
type Basis struct {
	Law     string `json:"law"`
	Article string `json:"article"`
}

// Precedent is one decided clause. The JSON tags are the JSON Lines format
// of docs/precedents.md: add fields, never rename one. Fields tagged "-"
// tie a local precedent to its review and never leave the office.
type Precedent struct {
	ID         string  `json:"id"`                   // stable key; exported records carry a content hash
	Clause     string  `json:"clause"`               // the clause as written
	Sentence   string  `json:"sentence,omitempty"`   // the sentence around it
	DocType    string  `json:"doc_type,omitempty"`   // 村规民约, 规范性文件, ...
	DocTitle   string  `json:"doc_title,omitempty"`  // title of the reviewed document
	Township   string  `json:"township,omitempty"`   // 镇（街道）
	Date       string  `json:"date"`                 // YYYY-MM-DD of the sign-off or publication
	Rule       string  `json:"rule,omitempty"`       // review rule id, "manual" for a reviewer's own finding
	RuleTitle  string  `json:"rule_title,omitempty"` // the rule's title
	Severity   string  `json:"severity,omitempty"`   // error, warning, info
	Problem    string  `json:"problem,omitempty"`    // the reviewer's wording of the problem
	Fix        string  `json:"fix,omitempty"`        // the reviewer's wording of the fix
	Basis      []Basis `json:"basis,omitempty"`      // articles it rests on
	Verdict    Verdict `json:"verdict"`              // 违法 or 合法
	Reason     string  `json:"reason,omitempty"`     // why a finding was dismissed
	Conclusion string  `json:"conclusion,omitempty"` // outcome of the whole review: 合法, 修改后合法, 不合法, 退回补正
	Publisher  string  `json:"publisher,omitempty"`  // who published an imported case
	URL        string  `json:"url,omitempty"`        // where it was published
	Citation   string  `json:"citation,omitempty"`   // case number of a published judgment, when there is no URL
	Case       string  `json:"case,omitempty"`       // the published case in one line
	// Source is SourceReview, SourceImport or SourcePublic. Files carry
	// only "public" (Encode writes nothing else, Decode reads anything
	// else as an import): an office's own reviews are a local fact.
	Source Source `json:"source,omitempty"`

	Origin     string `json:"-"` // engine or manual, for local precedents
	ReviewID   int64  `json:"-"`
	FindingID  int64  `json:"-"`
	Revision   int    `json:"-"`
	DocumentID int64  `json:"-"`
	TownshipID int64  `json:"-"`
	OfficeID   int64  `json:"-"`
}

// LocalID is the storage key of a precedent taken from a signed review.
func LocalID(reviewID, findingID int64) string {
	return fmt.Sprintf("review-%d-%d", reviewID, findingID)
}

// ImportID is the storage key of an imported precedent whose file id is key.
func ImportID(key string) string { return "import-" + key }

// BankPrefix starts the file id of every entry of the public bank
// (CheckBank): ids of this form belong to the bank, and loading a newer
// bank replaces or deletes the stored records that carry them.
const BankPrefix = "pub-"

// IsBankID reports whether a storage key is one of the public bank's.
func IsBankID(id string) bool { return strings.HasPrefix(id, ImportID(BankPrefix)) }

// ContentHash identifies a precedent by what it says, so that the same
// decision exported by two offices, or imported twice, is recognised.
func (p *Precedent) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{Normalize(p.Clause), p.Date, p.Township, p.Rule, string(p.Verdict), p.DocTitle} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "h-" + hex.EncodeToString(h.Sum(nil))[:20]
}

// ExportID is the id written to a JSON Lines file: the key an imported
// precedent came with, or the content hash of a local one.
func (p *Precedent) ExportID() string {
	if p.Published() {
		if k, ok := strings.CutPrefix(p.ID, "import-"); ok && k != "" {
			return k
		}
	}
	return p.ContentHash()
}

// Published reports whether the precedent came from outside the office
// (an imported file or the public bank): nothing in it points at one of
// the office's reviews.
func (p *Precedent) Published() bool { return p.Source == SourceImport || p.Source == SourcePublic }

// Time is Date as a time (zero when unparsable).
func (p *Precedent) Time() time.Time {
	t, err := time.Parse("2006-01-02", p.Date)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Month is the date as 2025年3月 ("" when unknown).
func (p *Precedent) Month() string {
	t := p.Time()
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
}

// Summary is the one line a finding shows for this precedent, e.g.
// 同类表述于2025年3月在某镇村规民约审查中被认定违法, or for a published case
// 市场监管总局2023年公布的案例中，同类条款被认定违反《公平竞争审查条例》第九条.
// anonymous leaves the township out for users who may not see the review.
func (p *Precedent) Summary(anonymous bool) string {
	if p.Published() && p.Publisher != "" {
		return p.publishedSummary()
	}
	var b strings.Builder
	b.WriteString("同类表述")
	if m := p.Month(); m != "" {
		b.WriteString("于" + m)
	}
	where := ""
	switch {
	case p.Township != "" && !anonymous:
		where = "在" + p.Township + p.DocType + "审查中"
	case p.DocType != "":
		where = "在" + p.DocType + "审查中"
	default:
		where = "在审查中"
	}
	b.WriteString(where)
	b.WriteString("被认定" + p.Verdict.Label())
	if p.Verdict == Unlawful && p.Conclusion != "" {
		b.WriteString("（全文结论：" + p.Conclusion + "）")
	}
	return b.String()
}

// publishedSummary names who published the case and when, and for an
// unlawful clause the articles it was found to break (at most two).
func (p *Precedent) publishedSummary() string {
	var b strings.Builder
	b.WriteString(p.Publisher)
	if t := p.Time(); !t.IsZero() {
		fmt.Fprintf(&b, "%d年", t.Year())
	}
	b.WriteString("公布的案例中，同类条款被认定")
	var arts []string
	for _, x := range p.Basis {
		if law := strings.TrimSpace(x.Law); law != "" && len(arts) < 2 {
			arts = append(arts, "《"+law+"》"+strings.TrimSpace(x.Article))
		}
	}
	if p.Verdict == Unlawful && len(arts) > 0 {
		b.WriteString("违反" + strings.Join(arts, "、"))
	} else {
		b.WriteString(p.Verdict.Label())
	}
	return b.String()
}

// Anonymized returns a copy for users who may not see the review: the
// clause and the outcome stay, everything that points at a document or a
// person goes, and long digit runs (phone and ID numbers) in the clause are
// masked.
func (p Precedent) Anonymized() Precedent {
	p.Clause = maskDigits(p.Clause)
	p.Sentence = ""
	p.DocTitle = ""
	p.Township = ""
	p.Reason = ""
	p.ReviewID, p.FindingID, p.DocumentID, p.TownshipID, p.OfficeID = 0, 0, 0, 0, 0
	return p
}

func maskDigits(s string) string {
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && (unicode.IsDigit(rs[j]) || (rs[j] >= '０' && rs[j] <= '９') || rs[j] == 'X' || rs[j] == 'x') {
			j++
		}
		if j-i >= 6 {
			for k := i; k < j; k++ {
				rs[k] = '*'
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	return string(rs)
}

// SentenceAround returns the sentence of text (rune offsets start..end)
// holding the clause: from the previous sentence end (。！？；or a line
// break) to the next one, trimmed, at most maxRunes long around the clause.
func SentenceAround(text string, start, end int) string {
	rs := []rune(text)
	if start < 0 || end > len(rs) || start >= end {
		return ""
	}
	const maxRunes = 300
	isEnd := func(r rune) bool {
		switch r {
		case '。', '！', '？', '；', '!', '?', ';', '\n':
			return true
		}
		return false
	}
	a := start
	for a > 0 && !isEnd(rs[a-1]) && start-a < maxRunes/2 {
		a--
	}
	b := end
	for b < len(rs) && !isEnd(rs[b]) && b-end < maxRunes/2 {
		b++
	}
	if b < len(rs) && rs[b] != '\n' {
		b++ // keep the closing punctuation
	}
	return strings.TrimSpace(string(rs[a:b]))
}

// Normalize folds a clause for comparison: full-width ASCII to half-width,
// Latin letters lower case, and everything but letters and digits dropped.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r = r - 0xFF01 + '!'
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Similarity is the Dice coefficient of the character bigrams of the two
// normalised clauses, 0..1. Chinese wording that differs in a word or an
// amount keeps most bigrams, so 0.8 and above reads as "the same clause".
func Similarity(a, b string) float64 {
	ga, gb := bigrams(Normalize(a)), bigrams(Normalize(b))
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	inter := 0
	for g, n := range ga {
		inter += min(n, gb[g])
	}
	total := 0
	for _, n := range ga {
		total += n
	}
	for _, n := range gb {
		total += n
	}
	return 2 * float64(inter) / float64(total)
}

func bigrams(s string) map[string]int {
	rs := []rune(s)
	out := map[string]int{}
	if len(rs) == 1 {
		out[s]++
	}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])]++
	}
	return out
}

// Thresholds of the similarity logic.
const (
	// ShowSimilarity is the least similarity for a precedent to be shown
	// with a finding: below it the wording has little in common.
	ShowSimilarity = 0.3
	// LawfulSimilarity is the least similarity to a negative precedent for
	// a finding to be marked likely lawful: the same clause up to a word
	// or an amount.
	LawfulSimilarity = 0.75
	// Shown is how many precedents a finding shows.
	Shown = 3
)

// Scored is a precedent with its similarity to a clause.
type Scored struct {
	Precedent
	Similarity float64
}

// Rank scores the candidates against clause and returns those at least
// ShowSimilarity similar, most similar first (newer first on ties). The
// same decision found twice (a local precedent and its imported copy) is
// kept once.
func Rank(clause string, cands []Precedent) []Scored {
	var out []Scored
	seen := map[string]bool{}
	for _, c := range cands {
		h := c.ContentHash()
		if seen[h] {
			continue
		}
		seen[h] = true
		s := Similarity(clause, c.Clause)
		if c.Sentence != "" {
			s = max(s, Similarity(clause, c.Sentence)*0.9)
		}
		if s >= ShowSimilarity {
			out = append(out, Scored{Precedent: c, Similarity: s})
		}
	}
	sortScored(out)
	return out
}

func sortScored(s []Scored) {
	// Insertion sort: a handful of candidates.
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && less(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func less(a, b Scored) bool {
	if a.Similarity != b.Similarity {
		return a.Similarity > b.Similarity
	}
	if a.Date != b.Date {
		return a.Date > b.Date
	}
	return a.ID < b.ID
}

// LikelyLawful returns the negative precedent that makes a finding of rule
// on clause likely lawful, or nil: a clause judged lawful under the same
// rule (any rule when rule is "") at least LawfulSimilarity similar, and no
// precedent of the same rule judging an at least as similar clause
// unlawful (reviewers who disagree leave the question open), and no public
// verdict, under whatever rule, judging a clause at least LawfulSimilarity
// similar unlawful (a published verdict outweighs a local dismissal). It is
// LikelyLawfulFor with a rule that is not grave.
func LikelyLawful(rule string, ranked []Scored) *Scored { return LikelyLawfulFor(rule, false, ranked) }

// LikelyLawfulFor is LikelyLawful for a rule that may be grave: a grave
// rule's findings (personal freedom, public shaming, confiscation, women's
// land rights) are never made likely lawful by any precedent.
func LikelyLawfulFor(rule string, grave bool, ranked []Scored) *Scored {
	if grave {
		return nil
	}
	sameRule := func(r *Scored) bool { return rule == "" || r.Rule == "" || r.Rule == rule }
	var best *Scored
	for i := range ranked {
		r := &ranked[i]
		if rule != "" && r.Rule != "" && r.Rule != rule {
			continue
		}
		if r.Verdict == Lawful && r.Similarity >= LawfulSimilarity && (best == nil || r.Similarity > best.Similarity) {
			best = r
		}
	}
	if best == nil {
		return nil
	}
	for i := range ranked {
		r := &ranked[i]
		if r.Verdict != Unlawful {
			continue
		}
		// A published verdict on the same wording outweighs a local
		// dismissal whatever rule either was filed under: the bank files a
		// case under the rule of its category, a reviewer's finding may
		// carry another rule's name after merging.
		if r.Source == SourcePublic && best.Source != SourcePublic && r.Similarity >= LawfulSimilarity {
			return nil
		}
		if sameRule(r) && r.Similarity >= best.Similarity {
			return nil
		}
	}
	return best
}
