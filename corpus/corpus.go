package corpus

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Corpus is a set of laws with all their versions, indexed for lookup by
// name. It is read-only after construction and safe for concurrent use.
type Corpus struct {
	laws   []*Law              // every version, by ShortName then date
	groups map[string][]*Law   // group key → versions, oldest first
	names  map[string][]string // normalised name → group keys
	byID   map[string]*Law
}

// NotFoundError says that no law answers to a name.
type NotFoundError struct{ Name string }

func (e *NotFoundError) Error() string { return fmt.Sprintf("未找到法律《%s》", e.Name) }

// AmbiguousError says that a name fits several laws (a short name used by
// two regions' regulations, say).
type AmbiguousError struct {
	Name       string
	Candidates []string // full names, with region where there is one
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("名称《%s》对应多部法律：%s，请写明全称", e.Name, strings.Join(e.Candidates, "、"))
}

// NotInForceError says that the law had no version in force on the date asked.
type NotInForceError struct {
	Name string
	At   time.Time
}

func (e *NotInForceError) Error() string {
	return fmt.Sprintf("《%s》在%s尚未施行", e.Name, e.At.Format("2006年1月2日"))
}

// ArticleNotFoundError says that the resolved version has no such article,
// or, when Partial, that the corpus holds only some of its articles.
type ArticleNotFoundError struct {
	Law     string // full name
	Date    time.Time
	Label   string // 第二十条之一
	Partial bool   // the law is an excerpt: the article may well exist
}

func (e *ArticleNotFoundError) Error() string {
	if e.Partial {
		return fmt.Sprintf("内置法律库只收录了《%s》的常用条文，未收录%s", e.Law, e.Label)
	}
	version := ""
	if !e.Date.IsZero() {
		version = "（" + e.Date.Format(time.DateOnly) + "版）"
	}
	return fmt.Sprintf("该法律没有%s：《%s》%s中未找到该条", e.Label, e.Law, version)
}

// Repeal is how a law was repealed as a whole.
type Repeal struct {
	On      time.Time
	By      string // short name of the law that repealed it
	Article string // the article of By that repealed it
}

// repealedLaws lists laws known to be repealed as a whole, for sources that
// do not flag them (meta.tsv does not describe these laws at all). The nine
// civil laws were repealed by 民法典 第一千二百六十条 when it took effect.
var repealedLaws = map[string]Repeal{
	"婚姻法":   civilCode,
	"继承法":   civilCode,
	"民法通则":  civilCode,
	"收养法":   civilCode,
	"担保法":   civilCode,
	"合同法":   civilCode,
	"物权法":   civilCode,
	"侵权责任法": civilCode,
	"民法总则":  civilCode,
}

var civilCode = Repeal{On: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), By: "民法典", Article: "第一千二百六十条"}

// RepealedOn returns the date a law (by short or full name) was repealed as a
// whole according to the built-in table, and whether it is listed there.
func RepealedOn(name string) (time.Time, bool) {
	r, ok := RepealOf(name)
	return r.On, ok
}

// RepealOf returns how a law (by short or full name, or a common
// abbreviation) was repealed as a whole, according to the built-in table.
func RepealOf(name string) (Repeal, bool) {
	r, ok := repealedLaws[CanonicalName(name)]
	return r, ok
}

// aliases are short forms in common use that point to exactly one law.
var aliases = map[string]string{
	"行诉法":     "行政诉讼法",
	"刑诉法":     "刑事诉讼法",
	"民诉法":     "民事诉讼法",
	"地方组织法":   "地方各级人民代表大会和地方各级人民政府组织法",
	"村委会组织法":  "村民委员会组织法",
	"居委会组织法":  "城市居民委员会组织法",
	"妇女法":     "妇女权益保障法",
	"妇女权益法":   "妇女权益保障法",
	"妇女权益保护法": "妇女权益保障法",
	"老年人法":    "老年人权益保障法",
	"未保法":     "未成年人保护法",
	"计生法":     "人口与计划生育法",
	"人口计生法":   "人口与计划生育法",
	"土地法":     "土地管理法",
	"土地承包法":   "农村土地承包法",
	"治安处罚法":   "治安管理处罚法",
	"选举法":     "全国人民代表大会和地方各级人民代表大会选举法",
	"代表法":     "全国人民代表大会和地方各级人民代表大会代表法",
	"监督法":     "各级人民代表大会常务委员会监督法",
	"消法":      "消费者权益保护法",
	"消保法":     "消费者权益保护法",
	"营商环境条例":  "优化营商环境条例",
	"个税法":     "个人所得税法",
}

// normalizeName reduces the ways a law is written in a document to its
// short name: 《中华人民共和国行政处罚法》（2021年修订） → 行政处罚法. The
// country's name goes wherever it stands, not only in front: a local
// implementing regulation is titled 浙江省实施《中华人民共和国村民委员会组织法》
// 办法 and cited as 浙江省实施《村民委员会组织法》办法.
func normalizeName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case isSpace(r), r == '《', r == '》', r == '〈', r == '〉', r == '<', r == '>':
			return -1
		}
		return r
	}, name)
	return strings.ReplaceAll(name, "中华人民共和国", "")
}

// CanonicalName is the name a law is looked up by: normalized as the
// corpus normalizes names, and a common abbreviation (行诉法, 村委会组织法)
// replaced by the short name it stands for. Search filters use it so that
// they accept every name the law command accepts.
func CanonicalName(name string) string {
	n := normalizeName(name)
	if target, ok := aliases[n]; ok {
		return target
	}
	if s := stripVersionNote(n); s != n {
		if target, ok := aliases[s]; ok {
			return target
		}
		return s
	}
	return n
}

// stripVersionNote drops a trailing version note such as （2021年修订） or
// (2018年修正); it is tried only after the name as written, because some
// names end in a parenthesis of their own (宪法修正案（2018年）).
func stripVersionNote(name string) string {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasSuffix(name, p[1]) {
			if i := strings.LastIndex(name, p[0]); i > 0 {
				if note := name[i:]; strings.Contains(note, "年") || strings.Contains(note, "修") {
					return name[:i]
				}
			}
		}
	}
	return name
}

func groupKey(l *Law) string { return l.Region + "\x00" + l.ShortName }

// New builds a corpus from laws (any number of versions of each). Versions
// are grouped by ShortName and Region. A Status already set to superseded or
// repealed is taken as the source's word that the version is no longer in
// force; New then marks the latest other version of each law current, older
// ones superseded, and every version repealed when none is left in force or
// the law is in the built-in table of repealed laws.
func New(laws ...*Law) *Corpus {
	c := &Corpus{
		groups: make(map[string][]*Law, len(laws)),
		names:  make(map[string][]string, len(laws)),
		byID:   make(map[string]*Law, len(laws)),
	}
	for _, l := range laws {
		k := groupKey(l)
		c.groups[k] = append(c.groups[k], l)
		c.byID[l.ID] = l
	}
	for k, vs := range c.groups {
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].Published.Before(vs[j].Published) })
		setStatus(vs)
		seen := map[string]bool{}
		for _, v := range vs {
			for _, n := range []string{v.ShortName, normalizeName(v.Name)} {
				if !seen[n] {
					seen[n] = true
					c.names[n] = append(c.names[n], k)
				}
			}
		}
		c.laws = append(c.laws, vs...)
	}
	sort.SliceStable(c.laws, func(i, j int) bool {
		a, b := c.laws[i], c.laws[j]
		if a.ShortName != b.ShortName {
			return a.ShortName < b.ShortName
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Published.Before(b.Published)
	})
	return c
}

func setStatus(vs []*Law) {
	current := -1
	if _, repealed := repealedLaws[normalizeName(vs[0].ShortName)]; !repealed {
		for i := len(vs) - 1; i >= 0; i-- {
			if vs[i].Status != StatusSuperseded && vs[i].Status != StatusRepealed {
				current = i
				break
			}
		}
	}
	for i, v := range vs {
		switch {
		case current < 0:
			v.Status = StatusRepealed
		case i == current:
			v.Status = StatusCurrent
		default:
			v.Status = StatusSuperseded
		}
	}
}

// Laws returns every version of every law, ordered by short name and date.
func (c *Corpus) Laws() []*Law {
	for _, l := range c.laws {
		l.loadArticles()
	}
	return c.laws
}

// NationalNames returns the short name of every national law, regulation
// and rule the corpus holds, once each, without decoding any articles: the
// review reads a cited name that is none of them against these (a
// misnamed law).
func (c *Corpus) NationalNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, l := range c.laws {
		if l.Region == "" && !seen[l.ShortName] {
			seen[l.ShortName] = true
			names = append(names, l.ShortName)
		}
	}
	return names
}

// Has reports whether the corpus holds the version with the given ID,
// without decoding its articles (ByID does): the law index checks that
// every law it indexed is still there when it opens, and a lazily read
// corpus should not decode 3,000 laws for that.
func (c *Corpus) Has(id string) bool {
	_, ok := c.byID[id]
	return ok
}

// Peek returns the version with the given ID without decoding its
// articles, which ByID does: for its own fields and SnapshotSum only, its
// Articles may not be there yet. The law index compares every law it
// indexed with the corpus it is opened with at each start.
func (c *Corpus) Peek(id string) (*Law, bool) {
	l, ok := c.byID[id]
	return l, ok
}

// Len is the number of law versions in the corpus.
func (c *Corpus) Len() int { return len(c.byID) }

// ByID returns the version with the given ID (立法法@2023-03-13).
func (c *Corpus) ByID(id string) (*Law, bool) {
	l, ok := c.byID[id]
	if ok {
		l.loadArticles()
	}
	return l, ok
}

// Versions returns all versions of the named law, oldest first.
func (c *Corpus) Versions(name string) ([]*Law, error) {
	k, err := c.group(name)
	if err != nil {
		return nil, err
	}
	vs := c.groups[k]
	for _, v := range vs {
		v.loadArticles()
	}
	return vs, nil
}

func (c *Corpus) group(name string) (string, error) {
	n := normalizeName(name)
	if n == "" {
		return "", &NotFoundError{Name: strings.TrimSpace(name)}
	}
	keys := c.names[n]
	if len(keys) == 0 {
		if s := stripVersionNote(n); s != n {
			n, keys = s, c.names[s]
		}
	}
	if len(keys) == 0 {
		if target, ok := aliases[n]; ok {
			keys = c.names[target]
		}
	}
	switch len(keys) {
	case 0:
		return "", &NotFoundError{Name: n}
	case 1:
		return keys[0], nil
	}
	var cands []string
	for _, k := range keys {
		l := c.groups[k][0]
		s := l.Name
		if l.Region != "" {
			s = l.Region + "：" + s
		}
		cands = append(cands, s)
	}
	sort.Strings(cands)
	return "", &AmbiguousError{Name: n, Candidates: cands}
}

// Resolve finds the version of a law that applied on date at; the zero time
// means today, which gives the current version (or, for a repealed law, its
// last version, whose Status says repealed). name may be the full title, the
// short name, a common abbreviation (行诉法), with or without 《》, or an ID.
func (c *Corpus) Resolve(name string, at time.Time) (*Law, error) {
	l, err := c.resolve(name, at)
	if l != nil {
		l.loadArticles()
	}
	var vm *VersionMissingError
	if errors.As(err, &vm) && vm.Earliest != nil {
		vm.Earliest.loadArticles()
	}
	return l, err
}

func (c *Corpus) resolve(name string, at time.Time) (*Law, error) {
	if l, ok := c.byID[strings.TrimSpace(name)]; ok {
		return l, nil
	}
	k, err := c.group(name)
	if err != nil {
		return nil, err
	}
	vs := c.groups[k]
	if at.IsZero() {
		for _, v := range vs {
			if v.Status == StatusCurrent {
				return v, nil
			}
		}
		return vs[len(vs)-1], nil
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if !effective(vs[i]).After(at) {
			return vs[i], nil
		}
	}
	if h, ok := versionBefore(vs[len(vs)-1], at); ok {
		return nil, &VersionMissingError{Name: vs[0].Name, At: at, Version: h, Earliest: vs[0]}
	}
	return nil, &NotInForceError{Name: vs[0].Name, At: at}
}

// versionBefore finds, in the legislative history that the latest version
// records, the enactment or amendment that was the law on date at.
func versionBefore(l *Law, at time.Time) (History, bool) {
	var best History
	found := false
	for _, h := range l.VersionHistory() {
		if !h.Date.After(at) && (!found || h.Date.After(best.Date)) {
			best, found = h, true
		}
	}
	return best, found
}

// VersionHistory is the law's history reduced to the events that made a
// version (adoption, amendment, revision, promulgation of a regulation),
// one per date, oldest first.
func (l *Law) VersionHistory() []History {
	var out []History
	for _, h := range l.History {
		switch h.Action {
		case "通过", "修正", "修订", "公布", "发布", "批准":
		default:
			continue
		}
		if n := len(out); n > 0 && out[n-1].Date.Equal(h.Date) {
			continue
		}
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// VersionMissingError says that the law was in force on the date asked,
// in a version the corpus does not hold (its history records it).
type VersionMissingError struct {
	Name     string
	At       time.Time
	Version  History // the history line of the version that applied
	Earliest *Law    // the oldest version the corpus holds
}

func (e *VersionMissingError) Error() string {
	first := ""
	if e.Earliest != nil && !e.Earliest.Published.IsZero() {
		first = fmt.Sprintf("；法律库中最早的版本是%s版", e.Earliest.Published.Format(time.DateOnly))
		if !e.Earliest.InForceFrom.IsZero() && !e.Earliest.InForceFrom.Equal(e.Earliest.Published) {
			first += fmt.Sprintf("（%s施行）", e.Earliest.InForceFrom.Format(time.DateOnly))
		}
	}
	return fmt.Sprintf("《%s》在%s适用的是%s%s的版本，法律库未收录该版本的文本%s",
		e.Name, e.At.Format("2006年1月2日"), e.Version.Date.Format("2006年1月2日"), e.Version.Action, first)
}

// Snapshot is the date of the newest version in the corpus (versions dated
// in the future excepted): texts amended after it are not in the corpus.
func (c *Corpus) Snapshot() time.Time {
	var t time.Time
	now := time.Now()
	for _, l := range c.laws {
		if l.Published.After(t) && !l.Published.After(now) {
			t = l.Published
		}
	}
	return t
}

// effective is the date from which a version applies: its in-force date when
// known, otherwise its publication date.
func effective(l *Law) time.Time {
	if !l.InForceFrom.IsZero() {
		return l.InForceFrom
	}
	return l.Published
}

// Article resolves the law as Resolve does and returns the article given as
// 第十六条, 16 or 第二十条之一. When the version lacks the article the law is
// returned with an *ArticleNotFoundError, so that callers can name the version.
func (c *Corpus) Article(name, article string, at time.Time) (*Law, *Article, error) {
	num, sub, err := ParseArticleLabel(article)
	if err != nil {
		return nil, nil, err
	}
	l, err := c.Resolve(name, at)
	if err != nil {
		return nil, nil, err
	}
	a := l.Article(num, sub)
	if a == nil {
		return l, nil, &ArticleNotFoundError{Law: l.Name, Date: l.Published, Label: ArticleLabel(num, sub), Partial: l.Partial}
	}
	return l, a, nil
}

// Article returns article num (之sub) of this version, nil if it has none.
func (l *Law) Article(num, sub int) *Article {
	l.loadArticles()
	for i := range l.Articles {
		if a := &l.Articles[i]; a.Number == num && a.Sub == sub {
			return a
		}
	}
	return nil
}

// Count is a number of laws, versions and articles.
type Count struct {
	Laws, Versions, Articles int
}

// Stats summarises a corpus. A law counts under the status of its latest
// version (current or repealed); versions and articles under their own.
type Stats struct {
	Count
	ByLevel  map[string]Count
	ByStatus map[Status]Count
}

// Stats counts the laws, versions and articles of the corpus.
func (c *Corpus) Stats() Stats {
	s := Stats{ByLevel: map[string]Count{}, ByStatus: map[Status]Count{}}
	for _, vs := range c.groups {
		latest := vs[len(vs)-1]
		for _, v := range vs {
			v.loadArticles()
			if v.Status == StatusCurrent {
				latest = v
			}
		}
		s.Laws++
		lc := s.ByLevel[latest.Level]
		lc.Laws++
		s.ByLevel[latest.Level] = lc
		sc := s.ByStatus[latest.Status]
		sc.Laws++
		s.ByStatus[latest.Status] = sc
		for _, v := range vs {
			n := len(v.Articles)
			s.Versions++
			s.Articles += n
			lc := s.ByLevel[v.Level]
			lc.Versions++
			lc.Articles += n
			s.ByLevel[v.Level] = lc
			sc := s.ByStatus[v.Status]
			sc.Versions++
			sc.Articles += n
			s.ByStatus[v.Status] = sc
		}
	}
	return s
}

// Label is the status in Chinese, for users.
func (s Status) Label() string {
	switch s {
	case StatusCurrent:
		return "现行有效"
	case StatusSuperseded:
		return "已修改，非现行版本"
	case StatusRepealed:
		return "已废止"
	}
	return "效力未知"
}
