package review

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"lawreview/corpus"
)

// A figure in Arabic digits. Only an ASCII comma before whole groups of
// three digits is a thousands separator (1,200,000元); a full-width comma
// lists figures (100，200万元 is 100 and 200万元, not 100200万元 — round 32).
const figure = `(?:[0-9０-９]{1,3}(?:,[0-9０-９]{3})+|[0-9０-９]+)(?:\.[0-9０-９]+)?`

// Sums of money in Arabic figures: 5000万元, 1.2亿元, 300,000元, 80万.
var moneyRe = lazyCompile(`(` + figure + `)\s*(亿元|万元|元|亿|万)`)

// The project's value as a document states it: the size its title names
// (零星小型工程(100万元以下)), or its budget, ceiling price or estimate —
// or, as a 会议纪要 words it, the works' cost (建设费用, 工程造价; round 46m).
var (
	projectCapRe   = lazyCompile(`(` + figure + `)\s*(亿元|万元|元|亿|万)\s*(?:以下|以内|之内|及以下|（含）以下|\(含\)以下)`)
	projectValueRe = lazyCompile(`(?:预算金额|采购预算|项目预算|预算|最高限价|最高投标限价|招标控制价|控制价|合同估算价|估算价|投资估算|总投资|项目金额|采购金额|建设费用|工程造价|工程费用)[^，。；,;\d０-９]{0,8}(` + figure + `)\s*(亿元|万元|元|亿|万)`)
)

// yuan is a figure and its unit in 元; ok is false for a figure it cannot read.
func yuan(figure, unit string) (float64, bool) {
	figure = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == ',': // thousands; a full-width comma never reaches here (figure)
			return -1
		}
		return r
	}, figure)
	v, err := strconv.ParseFloat(figure, 64)
	if err != nil {
		return 0, false
	}
	switch unit {
	case "亿元", "亿":
		v *= 1e8
	case "万元", "万":
		v *= 1e4
	}
	return v, true
}

// largestSum is the largest sum of money in text, in 元 (0 if none).
func largestSum(text string) float64 {
	best := 0.0
	for _, m := range moneyRe.FindAllStringSubmatch(text, -1) {
		if v, ok := yuan(m[1], m[2]); ok && v > best {
			best = v
		}
	}
	// (Session 24.) Tender notices write the bond in capital numerals
	// (投标保证金伍万元整) and notices in plain ones (两万元).
	for _, m := range moneyHanRe.FindAllStringSubmatch(text, -1) {
		n, err := corpus.ParseNumber(m[1])
		if err != nil {
			continue
		}
		if v, ok := yuan(strconv.Itoa(n), m[2]); ok && v > best {
			best = v
		}
	}
	return best
}

// Sums of money in Chinese numerals, capital or plain: 伍万元, 两万元, 一千五百元.
var moneyHanRe = lazyCompile(`([零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(亿元|万元|元|亿|万)`)

// projectValue is the value of the project the document is about, in 元:
// the size its title names, else the first budget, ceiling price or
// estimate of its text (0 if it states none).
func projectValue(title, text string) float64 {
	for _, in := range []string{title, text} {
		if in == "" {
			continue
		}
		if m := projectCapRe.FindStringSubmatch(in); m != nil && in == title {
			if v, ok := yuan(m[1], m[2]); ok {
				return v
			}
		}
		for _, ix := range projectValueRe.FindAllStringSubmatchIndex(in, -1) {
			// 总投资额在100万元以下 bounds a class of works; it is no value.
			rest := in[ix[1]:]
			if strings.HasPrefix(rest, "以下") || strings.HasPrefix(rest, "以内") || strings.HasPrefix(rest, "以上") ||
				strings.HasPrefix(rest, "及以") || strings.HasPrefix(rest, "（含）") || strings.HasPrefix(rest, "(含)") {
				continue
			}
			if v, ok := yuan(in[ix[2]:ix[3]], in[ix[4]:ix[5]]); ok {
				return v
			}
		}
	}
	return 0
}

// exceedsProject reports whether the largest sum in the matched words s is
// more than ratio times the project's value (Unless.AtMost); false where
// the document states no value.
func (c *reviewCtx) exceedsProject(s span, ratio float64) bool {
	p := projectValue(c.title, c.d.text)
	if p <= 0 || s.end <= s.start {
		return false
	}
	return largestSum(string(c.d.runes[s.start:s.end])) > ratio*p
}

// A fine with its bounds: 500元以下罚款, 一百元以上五百元以下的罚款, 200元罚款.
// (Round 47c.) Figures may carry 万 (对单位处1万元以上5万元以下罚款, 森林防火
// 条例's own way), read as the same sum as 一万元.
var fineRe = lazyCompile(`([0-9０-９]+万?|[零〇一二三四五六七八九十百千万两]+)元(以上)?(?:([0-9０-９]+万?|[零〇一二三四五六七八九十百千万两]+)元)?(以下)?的?罚款`)

// A fine's bounds joined by a dash or 至 (处以500-2000元罚款, 五百至二千元
// 罚款): a notice's shorthand for 五百元以上二千元以下的罚款 (round 41a, t28b).
var fineDashRe = lazyCompile(`([0-9０-９]+万?|[零〇一二三四五六七八九十百千万两]+)元?\s*[-－—–~～至到]\s*([0-9０-９]+万?|[零〇一二三四五六七八九十百千万两]+)元的?罚款`)

// fineKeys are the fines of text, each as its amounts and bounds
// ("100以上500以下"), whether written in figures or in Chinese numerals.
func fineKeys(text string) []string {
	var out []string
	for _, m := range fineDashRe.FindAllStringSubmatch(text, -1) {
		a, errA := fineNumber(m[1])
		b, errB := fineNumber(m[2])
		if errA != nil || errB != nil || a >= b {
			continue
		}
		out = append(out, strconv.Itoa(a)+"以上"+strconv.Itoa(b)+"以下")
	}
	// The dashed fines read, the rest is read as written (their upper
	// bound alone would otherwise read as a fixed fine).
	text = fineDashRe.ReplaceAllString(text, "")
	for _, m := range fineRe.FindAllStringSubmatch(text, -1) {
		a, err := fineNumber(m[1])
		if err != nil {
			continue
		}
		k := strconv.Itoa(a) + m[2]
		if m[3] != "" {
			b, err := fineNumber(m[3])
			if err != nil {
				continue
			}
			k += strconv.Itoa(b)
		}
		out = append(out, k+m[4])
	}
	return out
}

// fineNumber reads a fine's figure: digits, digits with 万 (1万), or
// Chinese numerals.
func fineNumber(t string) (int, error) {
	if d, ok := strings.CutSuffix(t, "万"); ok && d != "" && strings.Trim(d, "0123456789０１２３４５６７８９") == "" {
		n, err := corpus.ParseNumber(d)
		return n * 10000, err
	}
	return corpus.ParseNumber(t)
}

// finesCited reports whether the matched words s hold a fine and every
// fine in them is one a law the document cites sets with the same bounds
// (Unless.CitedLaw): the document restates the law's fine rather than
// setting its own. Matched words with no fine in them are read as a
// sanction in the law's own words (sanctionCited).
func (c *reviewCtx) finesCited(s span) bool {
	if s.end <= s.start {
		return false
	}
	text := string(c.d.runes[s.start:s.end])
	keys := fineKeys(text)
	if len(keys) == 0 {
		// (Round 47c.) A sum the bounds could not read keeps the finding.
		if amountWordRe.MatchString(text) {
			return false
		}
		// A sanction without an amount is the cited law's when its words
		// stand in a cited article: from its verb on (round 47d,
		// sanctionCited), or with more of the article around it than the
		// sanction alone (round 47c, restatesCited: 给予警告 is in many
		// statutes, 责令停止违法行为，给予警告 in one article's voice).
		return c.sanctionCited(text) || c.restatesCited(s)
	}
	c.loadCited()
	for _, k := range keys {
		if !c.citedFines[k] {
			return false
		}
	}
	return true
}

// sanctionVerb is where a sanction's own words begin in matched words
// (由县农业农村局没收渔获物, 并吊销其…, 逾期不拆除的，强行拆除): what comes
// before it — the organ, 并处, 依法 — is the notice's framing, not the law's
// words, so it is not compared.
var sanctionVerb = lazyCompile(`没收|吊销|暂扣|强行|强制|拆除|扣押|查封|取缔|责令`)

// sanctionCited reports whether a sanction other than a fine — 吊销捕捞许可证,
// 没收违法所得, 强行拆除 — stands word for word in an article of a law the
// document cites by name (round 47d): a county's 禁渔 notice that cites
// 《渔业法》 and says 情节严重的，没收渔具，吊销捕捞许可证 restates 第三十八条, it
// sets nothing. Four characters at least, so that a bare 没收 or 吊销 is
// never taken for the law's words; the document's own object (吊销其营业
// 执照 where the law it cites revokes no 营业执照) keeps its finding.
func (c *reviewCtx) sanctionCited(text string) bool {
	loc := sanctionVerb.FindStringIndex(text)
	if loc == nil {
		return false
	}
	// The law's words run on in Han characters; a table's cell break or a
	// comma ends them (强行拆除 | 县水利局).
	w := text[loc[0]:]
	if i := strings.IndexFunc(w, func(r rune) bool { return !unicode.Is(unicode.Han, r) }); i >= 0 {
		w = w[:i]
	}
	if utf8.RuneCountInString(w) < 4 {
		return false
	}
	c.loadCited()
	for _, t := range c.citedTexts {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// A sum in a sanction's words: figures, or Chinese numerals before 元.
var amountWordRe = lazyCompile(`[0-9０-９]|[零〇一二三四五六七八九十百千万两]+(?:元|块)`)

// restateContext is how many characters around a sanction must read as the
// cited article does before the sanction counts as quoted from it: 给予警告
// alone is in many statutes, 责令停止违法行为，给予警告，对个人并处 is one
// article's voice.
const restateContext = 8

// restatesCited reports whether the matched words s stand in the document
// inside a run of at least restateContext more characters that an article
// of a law the document cites holds word for word.
func (c *reviewCtx) restatesCited(s span) bool {
	if s.end-s.start < 2 {
		return false
	}
	m := strings.Map(foldPunct, string(c.d.runes[s.start:s.end]))
	need := s.end - s.start + restateContext
	c.loadCited()
	for _, a := range c.citedTexts {
		for off := 0; ; {
			i := strings.Index(a[off:], m)
			if i < 0 {
				break
			}
			i += off
			n := s.end - s.start
			for before, l := a[:i], 1; s.start-l >= 0; l++ {
				r, size := utf8.DecodeLastRuneInString(before)
				if size == 0 || r != foldPunct(c.d.runes[s.start-l]) {
					break
				}
				before, n = before[:len(before)-size], n+1
			}
			for after, r := a[i+len(m):], 0; s.end+r < len(c.d.runes); r++ {
				ch, size := utf8.DecodeRuneInString(after)
				if size == 0 || ch != foldPunct(c.d.runes[s.end+r]) {
					break
				}
				after, n = after[size:], n+1
			}
			if n >= need {
				return true
			}
			_, size := utf8.DecodeRuneInString(a[i:])
			off = i + size
		}
	}
	return false
}

// foldPunct reads a half-width punctuation mark as its full-width form
// (round 48a, t35b1): notices copied to the web keep the statute's words
// with ASCII commas and semicolons (由市林业主管部门责令改正,给予警告,对个人
// 并处…), and the restated article must still be found in the cited text.
func foldPunct(r rune) rune {
	switch r {
	case ',':
		return '，'
	case ';':
		return '；'
	case ':':
		return '：'
	case '(':
		return '（'
	case ')':
		return '）'
	case '!':
		return '！'
	case '?':
		return '？'
	}
	return r
}

// loadCited reads, once per document, the fines and the article texts of
// the laws the document cites by name.
func (c *reviewCtx) loadCited() {
	if c.citedFines != nil {
		return
	}
	c.citedFines = map[string]bool{}
	seen := map[string]bool{}
	for _, ct := range c.citations() {
		if !lawLike(ct.name) || seen[ct.name] {
			continue
		}
		seen[ct.name] = true
		law, err := c.resolve(ct.name)
		if err != nil || law == nil {
			continue
		}
		for _, a := range law.Articles {
			c.citedTexts = append(c.citedTexts, strings.Map(foldPunct, a.Text))
			for _, k := range fineKeys(a.Text) {
				c.citedFines[k] = true
			}
		}
	}
}
