package review

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"lawreview/corpus"
)

// Built-in checks are the few rules whose logic is arithmetic or a look-up
// in the law source rather than a pattern: a rule file names one with
// `check:` and still supplies the title, message, severity and examples.
var builtinChecks map[string]func(c *reviewCtx, r *Rule) []raw

func init() {
	builtinChecks = map[string]func(c *reviewCtx, r *Rule) []raw{
		"validity":                 checkValidity,
		"lease-term":               checkLeaseTerm,
		"transfer-term":            checkTransferTerm,
		"citation-repealed":        func(c *reviewCtx, r *Rule) []raw { return c.citationFindings(r, "repealed") },
		"citation-unknown-law":     func(c *reviewCtx, r *Rule) []raw { return c.citationFindings(r, "unknown-law") },
		"citation-unknown-article": func(c *reviewCtx, r *Rule) []raw { return c.citationFindings(r, "unknown-article") },
		"citation-old-version":     func(c *reviewCtx, r *Rule) []raw { return c.citationFindings(r, "old-version") },
	}
}

//go:embed provinces.yaml superseded.yaml lawsizes.yaml
var dataFS embed.FS

// Limit is the longest 有效期 a province allows, in years.
type Limit struct {
	Normal      int    `yaml:"normal"`
	Provisional int    `yaml:"provisional"` // 暂行, 试行
	Source      string `yaml:"source"`
}

// DefaultProvinces reads the embedded provinces.yaml.
func DefaultProvinces() (map[string]Limit, error) {
	data, err := dataFS.ReadFile("provinces.yaml")
	if err != nil {
		return nil, err
	}
	return ParseProvinces(data)
}

// ParseProvinces reads a provinces file; it must have a default entry.
func ParseProvinces(data []byte) (map[string]Limit, error) {
	var m map[string]Limit
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("parse provinces.yaml: %w", err)
	}
	if _, ok := m["default"]; !ok {
		return nil, &RuleError{File: "provinces.yaml", Reason: "缺少 default 项"}
	}
	for name, l := range m {
		if l.Normal <= 0 || l.Provisional <= 0 {
			return nil, &RuleError{File: "provinces.yaml", Reason: name + " 的有效期上限必须为正整数"}
		}
	}
	return m, nil
}

// Superseded is a law replaced by another, which the law source may not
// hold at all (collections drop repealed texts).
type Superseded struct {
	Name       string   `yaml:"name"`
	ReplacedBy string   `yaml:"replaced_by"`
	Since      string   `yaml:"since"`
	Basis      BasisRef `yaml:"basis"`
	since      time.Time
}

func defaultSuperseded() (map[string]Superseded, error) {
	data, err := dataFS.ReadFile("superseded.yaml")
	if err != nil {
		return nil, err
	}
	var list []Superseded
	if err := yaml.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("parse superseded.yaml: %w", err)
	}
	m := map[string]Superseded{}
	for _, s := range list {
		t, err := time.Parse("2006-01-02", s.Since)
		if err != nil {
			return nil, fmt.Errorf("superseded.yaml %s: %w", s.Name, err)
		}
		s.since = t
		m[s.Name] = s
	}
	return m, nil
}

func (c *reviewCtx) limit() (Limit, string) {
	if l, ok := c.e.provinces[c.opt.Province]; ok && c.opt.Province != "" {
		return l, c.opt.Province
	}
	return c.e.provinces["default"], ""
}

var (
	validityYears = lazyCompile(`有效期(?:限)?(?:为|是|暂定为?|定为)?(?:自[^，。；]{0,30}起)?(?:[^，。；\d一二三四五六七八九十两]{0,4})([0-9０-９一二三四五六七八九十两]+)年`)
	validityUntil = lazyCompile(`有效期(?:限)?(?:为|是)?(?:[^，。；]{0,30}?)?至\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	validityFrom  = lazyCompile(`(?:自|从)(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?`)
	effectiveDate = lazyCompile(`(?:自|从)(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?(?:施行|实施|执行|生效)`)
	// A period from one day to another, the days in Arabic or Chinese
	// numerals (2024年1月1日起至2053年12月31日; 二〇二四年一月一日至二〇五三年
	// 十二月三十一日): a contract writes its dates either way.
	dateRange = lazyCompile(`(` + yearDigits + `)年(` + dayDigits + `)月(` + dayDigits + `)日(?:起)?(?:至|到|—|-|－|～|~)(` + yearDigits + `)年(` + dayDigits + `)月(` + dayDigits + `)日`)
	// The same period in figures with dots, slashes or hyphens (2024.1.1—2053.12.31).
	dateRangeFigures = lazyCompile(`(\d{4})[.．/／-](\d{1,2})[.．/／-](\d{1,2})日?(?:起)?\s*(?:至|到|—{1,2}|-|－|～|~)\s*(\d{4})[.．/／-](\d{1,2})[.．/／-](\d{1,2})`)
	// Automatic renewal: 期满…自动续期二十年 (the years may be left out: the same term again).
	leaseRenewal = lazyCompile(`(?:自动|视为)(?:续期|续租|续约|续订|延续|顺延|延期|延长)(?:[^，。；\d` + termChars + `]{0,4}(` + termDigits + `+)年)?`)
	// The end of the current contract term: 本轮承包期至2027年12月31日届满.
	contractEnd = lazyCompile(`承包期[^。；\n]{0,10}?(?:至|到|于)?(\d{4})年(\d{1,2})月(\d{1,2})日(?:届满|到期|止)?`)
	// A term in years, in every numeral a contract writes one in — 三十年,
	// 叁拾年 (the capital numerals of money and contracts), 30年, 卅年 — and with
	// the figure repeated in brackets (三十（30）年, 30（叁拾）年).
	// (Session 24.) …and in speech, the years after the letting itself
	// (厂房租给他三十年).
	leaseYears = lazyCompile(`(?:期限|租期|租赁期|承租期|租用期|为期|年限|期为|共计|合计|租给)[^，。；\d` + termChars + `]{0,4}(` + termDigits + `+)(?:[（(]` + termDigits + `+[）)])?年`)
	// (Round 45v.) A term with no end (租赁期限为长期; 租期永久; 无限期租用):
	// the letting is meant to outrun any twenty years (民法典 第七百零五条),
	// though no figure is written.
	leaseForever = lazyCompile(`(?:租赁期限|租赁期|租期|承租期|租用期|出租期限|使用期限)\s*(?:为|是|定为|[：:])?\s*(?:长期|永久|永远|无限期|不限期|无期限|永不收回)`)
)

// A lease table names its term in a header cell (| 租赁物 | 租赁期限 | 年租金 |),
// and each row's cell under it holds the years alone (三十年, 30年) or a period.
var (
	leaseHeader = lazyCompile(`租赁期限|租期|租赁期|承租期|租用期|期限|年限`)
	termCell    = lazyCompile(`^\s*(` + termDigits + `+)(?:[（(]` + termDigits + `+[）)])?年`)
)

// The numerals of terms and dates: Arabic and full-width figures, the
// common and the capital Chinese numerals, and the one-character tens.
const (
	termChars  = `0-9０-９零〇○一二三四五六七八九十两壹贰叁肆伍陆柒捌玖拾廿卅`
	termDigits = `[` + termChars + `]`
	yearDigits = `[0-9０-９]{4}|[零〇○一二三四五六七八九]{4}`
	dayDigits  = `[0-9０-９]{1,2}|[一二三四五六七八九十廿卅]{1,3}`
)

// periodIndex finds the first from-to period of text, written with 年月日 or
// in figures, as FindStringSubmatchIndex does for dateRange.
func periodIndex(text string) []int {
	if loc := dateRange.FindStringSubmatchIndex(text); loc != nil {
		return loc
	}
	return dateRangeFigures.FindStringSubmatchIndex(text)
}

// checkValidity flags a 有效期 longer than the province allows; 暂行 and
// 试行 documents have the shorter limit.
func checkValidity(c *reviewCtx, r *Rule) []raw {
	d := c.d
	lim, prov := c.limit()
	max, kind := lim.Normal, "一般行政规范性文件"
	if strings.Contains(c.title, "暂行") || strings.Contains(c.title, "试行") {
		max, kind = lim.Provisional, "“暂行”“试行”文件"
	}
	where := "本地"
	if prov != "" {
		where = prov
	}
	var out []raw
	for _, u := range d.units("sentence") {
		years, s, ok := 0.0, span{}, false
		if loc := validityUntil.FindStringSubmatchIndex(u.text); loc != nil {
			until := dateOf(u.text, loc[2:8])
			from := c.at
			if m := effectiveDate.FindStringSubmatchIndex(d.text); m != nil {
				if f := dateOf(d.text, m[2:8]); !f.IsZero() {
					from = f
				}
			}
			// The term's own start, in the same clause (有效期自2026年1月1日
			// 起至2027年12月31日止), counts from that day whatever the
			// document's date of effect says or leaves unsaid.
			head := u.text[loc[0]:loc[2]]
			if m := validityFrom.FindStringSubmatchIndex(head); m != nil {
				if f := dateOf(head, m[2:8]); !f.IsZero() {
					from = f
				}
			}
			if !until.IsZero() {
				years, s, ok = yearsBetween(from, until), runeSpan(u, loc[0], loc[1]), true
			}
		} else if loc := validityYears.FindStringSubmatchIndex(u.text); loc != nil {
			// (Round 44c, t31c1.) A figure of four digits is a year (有效期
			// 自2026年1月1日起,至2026年12月31 日止, the end date mistyped
			// with a space), never a count of years.
			if n, err := corpus.ParseNumber(u.text[loc[2]:loc[3]]); err == nil && n < 1000 {
				years, s, ok = float64(n), runeSpan(u, loc[0], loc[1]), true
			}
		}
		if !ok || years <= float64(max)+1.0/365 {
			continue
		}
		if c.cancelled(r, u, s) {
			continue
		}
		msg := fmt.Sprintf("有效期约%s年，超过%s%s的上限%d年（%s）。", trimFloat(years), where, kind, max, lim.Source)
		out = append(out, raw{rule: r, s: d.expand(s, r.Quote), message: msg})
	}
	return out
}

// checkLeaseTerm flags lease terms over twenty years (民法典 第七百零五条),
// written as a number of years or as a date range.
func checkLeaseTerm(c *reviewCtx, r *Rule) []raw {
	d := c.d
	var out []raw
	base := 0.0 // the last lease term read, for an automatic renewal after it
	for _, u := range d.units("sentence") {
		if loc := leaseRenewal.FindStringSubmatchIndex(u.text); loc != nil && base > 0 &&
			!strings.Contains(u.text[:loc[0]], "不") {
			more := base
			if loc[2] >= 0 {
				if n, err := corpus.ParseNumber(u.text[loc[2]:loc[3]]); err == nil {
					more = float64(n)
				}
			}
			s := runeSpan(u, loc[0], loc[1])
			if base+more > 20+1.0/365 && !(c.cancelled(r, u, s)) {
				msg := fmt.Sprintf("期满自动续期后租赁期限合计约%s年，超过法定最长二十年；续订应当在期满时另行约定，续订期限自续订之日起不得超过二十年。", trimFloat(base+more))
				out = append(out, raw{rule: r, s: d.expand(s, r.Quote), message: msg})
			}
			base = 0
			continue
		}
		var years float64
		var s span
		var ok bool
		if lo, hi, found := d.headerCell(u, leaseHeader, "租"); found {
			// A lease table's row: the term is the cell under its header.
			years, s, ok = termYears(u, lo, hi, termCell)
		} else if !strings.Contains(u.text, "租") {
			continue
		} else {
			years, s, ok = termYears(u, 0, len(u.text), leaseYears)
		}
		if ok {
			base = years
		}
		if !ok {
			if loc := leaseForever.FindStringIndex(u.text); loc != nil {
				s := runeSpan(u, loc[0], loc[1])
				if !c.cancelled(r, u, s) {
					out = append(out, raw{rule: r, s: d.expand(s, r.Quote), message: "租赁期限约定为长期或者永久，没有确定的终期，实际超过法定最长二十年；超过二十年的部分无效，期限约定不明的视为不定期租赁。"})
				}
				continue
			}
		}
		// A lease ending on the day before the twentieth anniversary is
		// exactly twenty years.
		if !ok || years <= 20+1.0/365 {
			continue
		}
		if c.cancelled(r, u, s) {
			continue
		}
		msg := fmt.Sprintf("租赁期限约%s年，超过法定最长二十年，超过部分无效。", trimFloat(years))
		out = append(out, raw{rule: r, s: d.expand(s, r.Quote), message: msg})
	}
	return out
}

// checkTransferTerm flags a 土地经营权 transfer that runs past the end of the
// current contract term the draft itself states (农村土地承包法 第三十八条).
// Without a stated end date nothing can be compared and nothing is reported.
func checkTransferTerm(c *reviewCtx, r *Rule) []raw {
	d := c.d
	out := transferPastTerm(c, r)
	var end time.Time
	for _, u := range d.units("sentence") {
		if loc := contractEnd.FindStringSubmatchIndex(u.text); loc != nil {
			end = dateOf(u.text, loc[2:8])
			break
		}
	}
	if end.IsZero() {
		return out
	}
	for _, u := range d.units("sentence") {
		if !strings.Contains(u.text, "流转") && !strings.Contains(u.text, "经营权") {
			continue
		}
		loc := periodIndex(u.text)
		if loc == nil {
			continue
		}
		until := dateOf(u.text, loc[8:14])
		if until.IsZero() || !until.After(end.AddDate(0, 0, 1)) || reportedIn(out, u) {
			continue
		}
		s := runeSpan(u, loc[0], loc[1])
		msg := fmt.Sprintf("流转期限至%d年%d月%d日，超过承包期届满之日（%d年%d月%d日），超过部分无效。",
			until.Year(), until.Month(), until.Day(), end.Year(), end.Month(), end.Day())
		out = append(out, raw{rule: r, s: d.expand(s, r.Quote), message: msg})
	}
	return out
}

// (Session 24, grid24c.) A transfer past the 承包期 the draft does not
// date: the transfer said to outlast it (承包期届满后本合同继续有效, 不受承包
// 期限的限制, 自动顺延), or a 耕地 transfer of more than thirty years — 第二十一
// 条 sets the 耕地 承包期 at thirty years, so no remaining term is longer
// (林地 and 草地 have longer terms and are left alone).
var (
	transferBeyond = lazyCompile(`(?:承包期|承包期限|承包到期|二轮承包|二轮土地承包)[^。；]{0,12}?(?:届满|到期|结束)?了?后[^。；]{0,16}?(?:继续有效|仍然有效|仍有效|自动(?:延续|顺延|续期|延长)|继续(?:享有|经营|流转|使用)|不受影响|顺延|不收回)|不受[^，。；]{0,6}承包期(?:限)?[^，。；]{0,4}(?:的)?限制|超过[^，。；]{0,8}承包期[^，。；]{0,10}(?:由|负责|协调)|承包(?:期)?到期了?也不收回`)
	transferYears  = lazyCompile(`(?:期限|流转期|为期|年限|期为|流转给)[^，。；\d` + termChars + `]{0,6}(` + termDigits + `+)(?:[（(]` + termDigits + `+[）)])?年`)
	transferHeader = lazyCompile(`流转期限|流转期|期限|年限`)
	longTermLand   = lazyCompile(`林地|山林|林木|草地|草原|荒山|荒地|荒沟|荒丘|荒滩|四荒`)
)

func transferPastTerm(c *reviewCtx, r *Rule) []raw {
	d := c.d
	if longTermLand.MatchString(d.text) {
		return nil
	}
	var out []raw
	for _, u := range d.units("sentence") {
		var years float64
		var s span
		var ok bool
		if lo, hi, found := d.headerCell(u, transferHeader, "流转"); found {
			years, s, ok = termYears(u, lo, hi, termCell)
		} else if !strings.Contains(u.text, "流转") && !strings.Contains(u.text, "经营权") {
			continue
		} else if loc := transferBeyond.FindStringIndex(u.text); loc != nil {
			s := runeSpan(u, loc[0], loc[1])
			if !c.cancelled(r, u, s) {
				out = append(out, raw{rule: r, s: d.expand(s, r.Quote), message: "约定流转期限超过承包期或者不受承包期限制，超过承包期剩余期限的部分无效。"})
			}
			continue
		} else {
			years, s, ok = termYears(u, 0, len(u.text), transferYears)
		}
		if !ok || years <= 30+1.0/365 || c.cancelled(r, u, s) {
			continue
		}
		msg := fmt.Sprintf("流转期限约%s年；耕地的承包期为三十年，流转期限不得超过承包期的剩余期限，超过部分无效。", trimFloat(years))
		out = append(out, raw{rule: r, s: d.expand(s, r.Quote), message: msg})
	}
	return out
}

// termYears reads the term in u.text[lo:hi]: a from-to period if there is
// one, otherwise the years the pattern re captures; the span is the
// term's place in the document.
func termYears(u unit, lo, hi int, re *lazyRegexp) (float64, span, bool) {
	text := u.text[lo:hi]
	if loc := periodIndex(text); loc != nil {
		from, until := dateOf(text, loc[2:8]), dateOf(text, loc[8:14])
		if from.IsZero() || until.IsZero() {
			return 0, span{}, false
		}
		return yearsBetween(from, until), runeSpan(u, lo+loc[0], lo+loc[1]), true
	}
	if loc := re.FindStringSubmatchIndex(text); loc != nil {
		if n, err := corpus.ParseNumber(text[loc[2]:loc[3]]); err == nil {
			return float64(n), runeSpan(u, lo+loc[0], lo+loc[1]), true
		}
	}
	return 0, span{}, false
}

// reportedIn reports whether a finding of out already lies in u.
func reportedIn(out []raw, u unit) bool {
	for _, f := range out {
		if f.s.start < u.end && f.s.end > u.start {
			return true
		}
	}
	return false
}

func runeSpan(u unit, b0, b1 int) span {
	s := u.start + utf8.RuneCountInString(u.text[:b0])
	return span{s, s + utf8.RuneCountInString(u.text[b0:b1])}
}

func dateOf(text string, idx []int) time.Time {
	var n [3]int
	for i := 0; i < 3; i++ {
		if idx[2*i] < 0 {
			return time.Time{}
		}
		v, err := corpus.ParseNumber(text[idx[2*i]:idx[2*i+1]])
		if err != nil {
			return time.Time{}
		}
		n[i] = v
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 {
		return time.Time{}
	}
	return time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
}

// yearsBetween counts an inclusive period: 2024-01-01 to 2028-12-31 is 5.
func yearsBetween(from, until time.Time) float64 {
	return until.AddDate(0, 0, 1).Sub(from).Hours() / 24 / 365.2425
}

func trimFloat(f float64) string {
	return strconv.FormatFloat(float64(int(f*10+0.5))/10, 'f', -1, 64)
}

// lawSize is the last article of a law's full text (lawsizes.yaml), used
// when the law source holds only an excerpt.
type lawSize struct {
	Name    string `yaml:"name"`
	Version string `yaml:"version"`
	Last    int    `yaml:"last"`
}

func defaultSizes() (map[string]lawSize, error) {
	data, err := dataFS.ReadFile("lawsizes.yaml")
	if err != nil {
		return nil, err
	}
	var list []lawSize
	if err := yaml.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("parse lawsizes.yaml: %w", err)
	}
	m := map[string]lawSize{}
	for _, s := range list {
		m[s.Name] = s
	}
	return m, nil
}
