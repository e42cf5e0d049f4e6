package review

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// DetectType guesses the document type from its title, its first lines and
// its body, together. Titles decide most cases (…村规民约, …的决定,
// …办法, …合同), but real documents reach the reviewer in many shapes: a
// web page's metadata or a salutation (各园区、镇（街道）…：) before the
// title, a 文号 line, half-width brackets, （节选）, a notice that issues
// another document (关于印发《…办法》的通知), a village's rules named 守则,
// 明白纸, 决议 or 分配方案, minutes of the county head's meeting. It
// returns TypeOther when nothing decides; the engine then runs every
// type's clause rules (see Engine.Review).
func DetectType(title, text string) string {
	t, _ := classify(title, text)
	return t
}

// classify returns the detected type and, when that is TypeOther, the
// likeliest type by the body's vocabulary ("" when the body says nothing):
// it chooses which articles a finding cites and which rule names a merged
// place when every type's rules run.
func classify(title, text string) (typ, lean string) {
	if t := typeFromTitle(title); t != "" {
		return t, t
	}
	if t := typeFromLines(text); t != "" {
		return t, t
	}
	body := text
	if len(body) > 6000 {
		body = body[:6000]
		for !utf8.ValidString(body) {
			body = body[:len(body)-1]
		}
	}
	if m := issuedByBody.FindStringSubmatch(body); m != nil {
		if t := typeFromTitle(m[1]); t != "" {
			return t, t
		}
		return "规范性文件", "规范性文件"
	}
	switch {
	case contractBody.MatchString(body):
		return "合同", "合同"
	case strings.Contains(body, "村民会议") && strings.Contains(body, "村民") && strings.Contains(body, "本村"):
		return "村规民约", "村规民约"
	case strings.Contains(body, "居民会议") && strings.Contains(body, "居民"):
		return "居民公约", "居民公约"
	case decisionBody.MatchString(body):
		return "决定", "决定"
	case normativeBody.MatchString(body):
		return "规范性文件", "规范性文件"
	}
	return TypeOther, leanType(body)
}

var (
	contractBody  = regexp.MustCompile(`(甲方|发包方|出租方|出让方)[（(]?[^\n]{0,10}[）)]?[:：]|(乙方|承包方|承租方|受让方)[（(]?[^\n]{0,10}[）)]?[:：]`)
	decisionBody  = regexp.MustCompile(`(?:现|特)(?:作出|作如下)?决定|决定如下`)
	normativeBody = regexp.MustCompile(`本(?:办法|规定|细则|实施细则|实施办法)(?:自|由)`)
	normativeName = regexp.MustCompile(`(?:办法|规定|细则|规则|实施意见|指导意见|意见|通知|通告|公告|方案|标准|制度|措施|若干措施|政策|若干政策|计划|行动计划|规划|规范|守则|要点|明白纸|告示|须知)(?:（[^）]*）)?(?:（?(?:试行|暂行|征求意见稿|草案|送审稿)）?)?$`)
	// 现将《…》印发给你们: the body of a notice that issues a document
	// whose title line was not pasted.
	issuedByBody = regexp.MustCompile(`(?:现将|将|特将)《([^》\n]{2,60})》(?:印发|转发|发)给你们`)
)

// typeScores counts, for each type, words that kind of document can
// hardly do without: villagers and their committee, residents and their
// property company, the parties of a contract, a decision's wording, a
// government's. They choose the likely type of a document no title or
// form decides, and which types' rules its wording calls for.
func typeScores(body string) map[string]int {
	count := func(words ...string) int {
		n := 0
		for _, w := range words {
			n += strings.Count(body, w)
		}
		return n
	}
	return map[string]int{
		"村规民约":  count("村民", "本村", "村委会", "村民委员会", "本组", "村集体"),
		"居民公约":  count("居民", "业主", "本小区", "本社区", "物业"),
		"合同":    count("甲方", "乙方", "出租方", "承租方", "发包方", "承包方", "双方"),
		"决定":    count("决定", "会议研究", "议定"),
		"规范性文件": count("人民政府", "办事处", "各村", "各单位", "本办法", "经营者", "企业"),
	}
}

// leanType is the type the body's vocabulary points to most, "" when
// none of it is present.
func leanType(body string) string {
	score := typeScores(body)
	best, n := "", 0
	for _, t := range Types { // fixed order: ties go to the earlier type
		if score[t] > n {
			best, n = t, score[t]
		}
	}
	return best
}

// wordedTypes are the types whose vocabulary the body uses; nil when it
// uses none, so that every type's rules run. A government's decision and
// its normative documents share their vocabulary.
func wordedTypes(body string) map[string]bool {
	score := typeScores(body)
	out := map[string]bool{}
	for _, t := range Types {
		if score[t] > 0 {
			out[t] = true
		}
	}
	if out["规范性文件"] || out["决定"] {
		out["规范性文件"], out["决定"] = true, true
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// typeFromLines reads the first lines of the text for the title: the
// lines before it (web-page metadata, a 文号, a date, a salutation, the
// issuer's name) are skipped, and an issuer's name on its own line is
// read with a title that starts 关于….
func typeFromLines(text string) string {
	issuer := ""
	seen := 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if seen++; seen > 12 {
			break
		}
		if isPreamble(l) {
			continue
		}
		if isIssuerLine(l) {
			issuer = l
			continue
		}
		if issuer != "" && strings.HasPrefix(normTitle(l), "关于") {
			if t := typeFromTitle(issuer + l); t != "" {
				return t
			}
		}
		if utf8.RuneCountInString(l) > 60 || strings.ContainsAny(l, "，。；") || bodyStart.MatchString(l) {
			// The body has begun: a title is never this long, never a
			// sentence, never an article or a chapter.
			break
		}
		if t := typeFromTitle(l); t != "" {
			return t
		}
	}
	return ""
}

var (
	// Lines that stand before a title in published or forwarded documents:
	// web metadata, 文号, dates, secrecy and urgency marks, page furniture.
	preambleLine = regexp.MustCompile(`^(?:(?:发布|成文|印发|生效|公开|更新)(?:日期|时间)|来源|发文(?:机关|字号|单位)|索引号|主题分类|文号|信息来源|浏览(?:次数)?|点击|字号|分享|打印|关闭|签发人|附件|密级|紧急程度|特急|加急|秘密|机密|公开方式|责任部门|发布机构|所属主题|时效性|有效性)[：: ]?|^[\p{Han}]{0,12}[〔\[［(（]\s*[0-9]{4}\s*[〕\]］)）]\s*[0-9]+\s*号$|^第[0-9一二三四五六七八九十百]+号$|^[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日$|^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|^(?:首页|当前位置|您的位置)|^[>＞»]`)
	// A salutation: the addressees of a notice, ending with a colon.
	salutation = regexp.MustCompile(`^(?:各|尊敬的|亲爱的|全体|广大)|[、，]|(?:单位|部门|同志|乡亲|村民|居民|朋友|业主)们?$`)
	// An issuer's name on its own line (东山镇人民政府, 东山村村民委员会).
	issuerLine = regexp.MustCompile(`^(?:中共)?[\p{Han}]{1,20}(?:人民政府|办事处|委员会|村委会|居委会|村两委|村民小组|经济合作社|股份经济合作社|党委|党支部|党总支|管委会|领导小组|办公室)$`)
)

var bodyStart = regexp.MustCompile(`^第[0-9一二三四五六七八九十百零〇]+[条章节]`)

func isPreamble(l string) bool {
	if preambleLine.MatchString(l) {
		return true
	}
	if strings.HasSuffix(l, "：") || strings.HasSuffix(l, ":") {
		head := strings.TrimRight(l, "：:")
		return utf8.RuneCountInString(head) <= 80 && salutation.MatchString(head)
	}
	return false
}

func isIssuerLine(l string) bool {
	l = strings.NewReplacer(" ", "", "\u3000", "").Replace(l)
	return !strings.Contains(l, "关于") && issuerLine.MatchString(l)
}

// normTitle brings a title line to one form: full-width brackets, no
// surrounding 《》 or quotes, no trailing annotation in brackets (（节选）,
// （草案）, (2024年修订), （范本）), no trailing punctuation.
func normTitle(t string) string {
	t = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t), "#＃ "))
	t = strings.NewReplacer("(", "（", ")", "）", "[", "【", "]", "】", "〈", "《", "〉", "》", " ", "", "\u3000", "").Replace(t)
	t = strings.TrimRight(t, "。：:；;，,")
	for _, p := range [][2]string{{"《", "》"}, {"“", "”"}, {"\"", "\""}, {"【", "】"}} {
		if strings.HasPrefix(t, p[0]) && strings.HasSuffix(t, p[1]) && strings.Count(t, p[0]) == 1 {
			t = strings.TrimSuffix(strings.TrimPrefix(t, p[0]), p[1])
		}
	}
	// A leading source tag: 【东山镇】关于…
	if strings.HasPrefix(t, "【") {
		if i := strings.Index(t, "】"); i > 0 && i+len("】") < len(t) {
			t = t[i+len("】"):]
		}
	}
	for range 3 {
		m := trailingNote.FindStringIndex(t)
		if m == nil || m[0] == 0 {
			break
		}
		t = t[:m[0]]
	}
	return strings.TrimSpace(t)
}

// trailingNote is an annotation in brackets after the name (at most 15
// characters): 节选, 草案, 征求意见稿, 试行, 2024年修订, 范本, 第二次修订稿.
var trailingNote = regexp.MustCompile(`[（【][^（）【】]{1,15}[）】]$`)

// The title of a notice that issues or forwards another document: its
// type is the issued document's.
var issuingTitle = regexp.MustCompile(`(?:印发|转发|颁布|公布|下发|发布)《([^》]{2,80})》(?:的)?(?:通知|通告|公告|决定)?$`)
var issuingPlain = regexp.MustCompile(`(?:印发|转发|颁布|下发)([^《》]{2,60}?)的(?:通知|通告|公告)$`)

// issuedType is the type of a document issued by a notice. Issuing rules
// as a 办法 or 规定 by notice is the form of an administrative normative
// document, whoever the issuer: a village committee that does so is
// reviewed as issuing a 规范性文件 (nd-issuer-village). A document named
// as a 村规民约, 公约, 合同 or 决定 keeps its own type.
func issuedType(inner string) string {
	typ := typeFromTitle(inner)
	switch {
	case typ == "":
		return "规范性文件"
	case (typ == "村规民约" || typ == "居民公约") && !containsAny(normTitle(inner), "村规民约", "村民公约", "公约", "章程", "村约", "款约", "寨规", "规约"):
		return "规范性文件"
	}
	return typ
}

func typeFromTitle(raw string) string {
	t := normTitle(raw)
	if t == "" {
		return ""
	}
	for _, re := range []*regexp.Regexp{issuingTitle, issuingPlain} {
		if m := re.FindStringSubmatch(t); m != nil {
			return issuedType(m[1])
		}
	}
	switch {
	case containsAny(t, "村规民约", "村民公约", "村民自治章程", "村约", "款约", "寨规"):
		return "村规民约"
	case containsAny(t, "居民公约", "居民自治章程", "小区公约", "社区公约", "业主公约", "管理规约"):
		return "居民公约"
	// A 公约 named with words between (锦华苑小区居民文明公约, 石桥村文明公约)
	// is still the community's or the village's own 公约.
	case strings.HasSuffix(t, "公约") && containsAny(t, "居民", "小区", "社区", "业主", "楼栋", "街道"):
		return "居民公约"
	case strings.HasSuffix(t, "公约") && strings.Contains(t, "村"):
		return "村规民约"
	case contractTitle.MatchString(t):
		return "合同"
	}
	level := issuerLevel(t)
	switch {
	case strings.HasSuffix(t, "纪要"):
		// Minutes record what a meeting decided: a village body's minutes
		// are the village's own rules, a government's are its decisions.
		// Minutes of a meeting no one is named for decide nothing here.
		switch {
		case level == levelVillage || containsAny(t, "村民会议", "村民代表会议", "村两委", "队委", "组委会"):
			return "村规民约"
		case level == levelResidents || containsAny(t, "居民会议", "居民代表会议", "业主大会"):
			return "居民公约"
		case level == levelGovernment || governmentMeeting.MatchString(t):
			return "决定"
		}
		return ""
	case level == levelVillage && selfRuleName.MatchString(t):
		return "村规民约"
	case level == levelResidents && selfRuleName.MatchString(t):
		return "居民公约"
	case strings.HasSuffix(t, "决定") || strings.HasSuffix(t, "决议"):
		return "决定"
	case normativeName.MatchString(t):
		return "规范性文件"
	case (level == levelVillage || level == levelResidents) && utf8.RuneCountInString(afterIssuer(t)) >= 4:
		// A village's or community's text under a name of its own (收费明细,
		// 奖惩标准, 管理要求) binds its villagers as its rules do.
		if level == levelVillage {
			return "村规民约"
		}
		return "居民公约"
	}
	return ""
}

// afterIssuer is the title without the issuer's name and its bodies
// (东山村村民委员会 …): what the document is called.
func afterIssuer(t string) string {
	rest := strings.TrimPrefix(t, issuerChain.FindString(t))
	for {
		trimmed := issuerBody.ReplaceAllString(rest, "")
		if trimmed == rest {
			return rest
		}
		rest = trimmed
	}
}

var issuerBody = regexp.MustCompile(`^(?:村民委员会|村委会|村两委|居民委员会|居委会|村民小组|村民会议|村民代表会议|居民会议|经济合作社|股份经济合作社|党支部|党总支|红白理事会|理事会|队委会|组委会|物业服务中心|业主委员会|关于)`)

// governmentMeeting names the meetings where a government decides: the
// executive meeting, the head's office meeting, joint Party and government
// meetings, special-topic meetings of the government.
var governmentMeeting = regexp.MustCompile(`(?:县|市|区|州|旗|镇|乡)长办公会|(?:政府)?常务会议|政府全体会议|党政联席会|政府专题会|主任办公会|党委会|办公会议`)

// contractTitle: 合同, 合同书, 协议, 协议书, 特许经营协议, 契约, 合同（范本）
// and a contract's annexes named as such.
var contractTitle = regexp.MustCompile(`(?:合同|合同书|协议|协议书|契约|合约|承包书|租约|合同文本|协议文本)$|合同（|协议（`)

// selfRuleName is the name of an instrument a village or community makes
// for itself, whatever it is called.
var selfRuleName = regexp.MustCompile(`(?:守则|明白纸|决议|决定|分配方案|方案|告示|通知|公告|通告|公示|规定|办法|制度|细则|章程|须知|约定|规矩|倡议书|承诺书|实施意见|管理规定)$`)

type issuerKind int

const (
	levelNone issuerKind = iota
	levelGovernment
	levelVillage
	levelResidents
)

// issuerChain is the issuer's name at the start of a title: a chain of
// place names each ending in an administrative or self-government unit
// (东山县东山镇东山村三组, 东山镇人民政府, 幸福社区居委会). Place names
// are one to six characters; 农村/乡村/城乡 are not places.
var issuerChain = regexp.MustCompile(`^(?:中共)?(?:[\p{Han}0-9一二三四五六七八九十]{1,6}?(?:省|自治区|自治州|市|州|盟|县|旗|区|镇|乡|街道|街办|村|社区|居委会|村委会|村民委员会|居民委员会|村民小组|组|屯|寨|小区|经济合作社|股份经济合作社|经联社|生产队))+`)

var notPlace = map[string]bool{"农": true, "乡": true, "城乡": true, "新农": true, "各": true, "全": true, "本": true, "该": true, "我": true, "外": true, "城": true, "山": false}

func issuerLevel(t string) issuerKind {
	if strings.HasPrefix(t, "关于") { // 关于… titles name no issuer
		return levelNone
	}
	head := t
	if i := strings.Index(head, "关于"); i >= 0 {
		head = head[:i]
	}
	m := issuerChain.FindString(head)
	if m == "" {
		return levelNone
	}
	// Walk the chain unit by unit; the last unit sets the level. A
	// place-name that is not a place (农村, 乡村) ends the chain.
	last := levelNone
	rest := m
	for rest != "" {
		loc := unitOnce.FindStringSubmatchIndex(rest)
		if loc == nil || loc[0] != 0 {
			break
		}
		name, unit := rest[loc[2]:loc[3]], rest[loc[4]:loc[5]]
		if notPlace[name] || notPlace[name+unit] {
			break
		}
		// 组 is a villagers' group only under a numeral or a short place
		// name (三组, 第五组, 东山组): a 工作组 or 专班 is the government's.
		if unit == "组" && (!groupName.MatchString(name) || containsAny(name, "工作", "领导", "专项", "督导", "巡查", "检查", "考核", "评审", "指导", "协调", "联络", "宣传", "调查", "专家", "项目")) {
			break
		}
		switch unit {
		case "省", "自治区", "自治州", "市", "州", "盟", "县", "旗", "区", "镇", "乡", "街道", "街办":
			last = levelGovernment
		case "社区", "居委会", "居民委员会", "小区":
			last = levelResidents
		default:
			last = levelVillage
		}
		rest = rest[loc[1]:]
	}
	// A government body named after the chain (东山镇人民政府) is the
	// government whatever place it is in; a village body is the village.
	after := head[len(m)-len(rest):]
	switch {
	case strings.HasPrefix(after, "人民政府"), strings.HasPrefix(after, "政府"), strings.HasPrefix(after, "办事处"), strings.HasPrefix(after, "党委"), strings.HasPrefix(after, "管委会"):
		return levelGovernment
	case containsAny(after, "村民委员会", "村委会", "村两委", "村民小组", "村民会议", "村民代表会议", "队委", "组委会", "经济合作社", "红白理事会", "村民理事会"):
		if last != levelResidents {
			return levelVillage
		}
	case containsAny(after, "居民委员会", "居委会", "业主委员会", "业委会", "业主大会", "居民会议"):
		return levelResidents
	}
	return last
}

var unitOnce = regexp.MustCompile(`^(?:中共)?([\p{Han}0-9一二三四五六七八九十]{1,6}?)(省|自治区|自治州|市|州|盟|县|旗|区|镇|乡|街道|街办|村民小组|村民委员会|居民委员会|村委会|居委会|社区|村|组|屯|寨|小区|股份经济合作社|经济合作社|经联社|生产队)`)

var groupName = regexp.MustCompile(`^(?:第)?[一二三四五六七八九十百0-9]+$|^\p{Han}{1,3}$`)

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
