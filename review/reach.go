package review

import "strings"

// Subjects a rule may reach (Rule.Reach). A document's type is a guess from
// its title and wording, and real documents are typed wrongly often enough
// (a villagers' group's distribution plan read as a 规范性文件, a street
// office's letter as 其他, a township's notice on a village wall as a
// 村规民约) that a rule scoped by type alone loses the clauses its law is
// about. What makes such a clause unlawful is whom it touches and who
// speaks, and that is read from the text:
//
//   - ReachVillagers: the document speaks of villagers or residents, their
//     committees, groups or collective (村民, 本组, 村委会, 村集体, 业主…).
//     The rights 村民委员会组织法 第二十七条 protects from a village's rules
//     — person, dignity, property, members' shares — are no less protected
//     from a township's notice or a group's plan, so the rules that find
//     their violation run wherever villagers are spoken of. A township's
//     notice speaks of them as 农户, through the 村务公开栏, or to the
//     各村（居）委会 it is addressed to (round 22).
//   - ReachPublic: a public body issues or speaks in the document (a
//     township, a county, their offices; 人民政府, 办事处, 管委会 in the
//     text), or a document not issued by a village body speaks of
//     operators (企业, 经营者, 投标人). 公平竞争审查条例 第二条 covers the policy measures of public
//     bodies in whatever form — a contract, a letter, minutes — so the
//     fair-competition rules run on them all.
//   - ReachVillage: a village body speaks in the document — it is issued
//     by one, or a village body decides or acts in it (村委会研究决定,
//     村部一律不办理), or it says 本村, 本组 as only the village says of
//     itself, or it applies the village's own rules (根据…村规民约, 依据自治
//     章程), as only the village does. Measures a government may take by
//     statute (停发低保 by the
//     民政部门, 扣押 by the authority a law names) are unlawful when a
//     village takes them; the rules that find them reach a document of any
//     type only where the village is the one who speaks.
const (
	ReachVillagers = "villagers"
	ReachVillage   = "village"
	ReachPublic    = "public"
)

// Reaches are the subjects a rule may name.
var Reaches = []string{ReachVillagers, ReachVillage, ReachPublic}

var (
	// villageVoice's footings: the village's own rules, and (round 43c,
	// t30i2) the principle of self-government it invokes for its own act
	// (由村委会依据村民自治原则帮助被补偿人实施腾退) — only the village
	// grounds an act of its own in it.
	villagersSpoken = lazyCompile(`村民|村委|村（居）|村\(居\)|农户|村务|住户|村两委|支村委|村民委员会|本村|村集体|集体经济组织|经济合作社|经联社|村民小组|本组|组民|社员|生产队|本队|队委|外嫁女|出嫁女|居民|业主|居委会|本社区|本小区`)
	villageVoice    = lazyCompile(`本村|本组|本队|本屯|本社区|本小区|收归(?:村|组|社|队)?集体|(?:根据|依据|按照|依照)[^，。；\n]{0,12}(?:村规民约|乡规民约|村民公约|居民公约|社区公约|自治章程|村民自治原则|居民自治原则|村民自治的原则)|(?:村民委员会|村委会|村委|村两委|支村委|村部|村里|村上|村民小组|组委会|队委会|队委|生产队|经济合作社|经联社|村民会议|村民代表会议|居民委员会|居委会|业主委员会|物业)[^，。；\n]{0,6}(?:研究|决定|讨论|通过|制定|议定|一律|有权|将|不予|不再|停|取消|扣|收回|没收)`)
	// Operators (公平竞争审查条例 第二条's 经营者) are what a fair-competition
	// clause is about: a text that speaks of firms and bidders and is not a
	// village body's own is a public body's measure on the market, even
	// when the pasted clauses name no issuer.
	// (Round 24.) A tender or a procurement notice speaks of its bidders
	// as 甲方, 乙方 or not at all (关于…的公开招标公告 … 乙方须交纳考核保证金):
	// the procedure itself names the market it opens.
	operatorsSpoken = lazyCompile(`企业|公司|经营者|经营户|商户|个体工商户|供应商|投标人|服务机构|中介机构|生产厂家|商家|招标|采购人|采购项目|竞争性谈判|竞争性磋商|中标|成交`)
	publicSpoken    = lazyCompile(`人民政府|政府|办事处|街道办|管委会|管理委员会|党委|党工委|(?:县|市|区|州|镇|乡)[\p{Han}]{0,8}(?:局|委员会办公室|办公室|中心|所|站)(?:[^\p{Han}]|负责|要|应|将|对|按|依)`)
)

// subjects are the Reach subjects a document shows.
func subjects(text, tier string) map[string]bool {
	out := map[string]bool{}
	if villagersSpoken.MatchString(text) {
		out[ReachVillagers] = true
	}
	if tier == IssuerVillage || villageVoice.MatchString(text) {
		out[ReachVillage] = true
	}
	if tier == IssuerTownship || tier == IssuerCounty || tier != IssuerVillage && (publicSpoken.MatchString(text) || operatorsSpoken.MatchString(text)) {
		out[ReachPublic] = true
	}
	return out
}

// reaches reports whether r reaches a document showing the subjects.
func reaches(r *Rule, subj map[string]bool) bool {
	for _, x := range r.Reach {
		if subj[x] {
			return true
		}
	}
	return false
}

// basisTypeFor is the type whose articles a finding of r cites on a
// document of type typ: typ itself when r is of that type, else — the rule
// ran by its reach — "" when r has an article for every type (the
// constitution's), else r's first type, so that the finding still says
// which law the clause offends.
func basisTypeFor(r *Rule, typ string) string {
	if typ == "" || r.applies(typ) {
		return typ
	}
	for _, b := range r.Basis {
		if len(b.Types) == 0 {
			return untypedOnly
		}
	}
	for _, t := range r.Types {
		if t != "*" {
			return t
		}
	}
	return typ
}

// untypedOnly is a basis type no article names: only the articles without
// a type limit fit it.
const untypedOnly = "无类型"

// Enactment levels (Unless.Enacted): the kinds of text that may set
// measures of their own, each within the power its law gives it. A
// 规范性文件 may set no penalty (行政处罚法 第十六条), no coercive measure
// (行政强制法 第十条第四款) and no licence (行政许可法 第十七条); a law, a
// regulation or a rule may set some, by level — 行政处罚法 第十至十四条,
// 行政强制法 第十条、第十三条, 行政许可法 第十四至十六条. A rule that reads
// "a 规范性文件 sets a measure" is wrong on a statute's own text, which is
// the lawful probe's whole corpus and the law a clerk pastes to compare;
// an exception names the levels that may set the measure it matched.
const (
	EnactedLaw       = "法律"     // 全国人民代表大会 and its standing committee
	EnactedAdminReg  = "行政法规"   // 国务院 (and, before 2001, what it approved for a ministry to issue)
	EnactedLocalReg  = "地方性法规"  // people's congresses of provinces and of cities with districts
	EnactedDeptRule  = "部门规章"   // 国务院's ministries, commissions and bureaus, by 令
	EnactedLocalRule = "地方政府规章" // governments of provinces and of cities with districts, by 令
	// The supreme court's and procuratorate's interpretations set no
	// measure: they speak of the courts' own — 查封, 扣押, 冻结, 罚款,
	// 拘留 under 民事诉讼法, 刑事诉讼法 and 刑法 — which 行政处罚法 第二条 and
	// 行政强制法 第二条 do not govern (they are an administrative organ's).
	EnactedJudicial = "司法解释"
)

// EnactedLevels are the levels an exception may name.
var EnactedLevels = []string{EnactedLaw, EnactedAdminReg, EnactedLocalReg, EnactedDeptRule, EnactedLocalRule, EnactedJudicial}

var (
	// The promulgation line under a statute's title: a date, then the body
	// and its act (1996年3月17日第八届全国人民代表大会第四次会议通过; 国务院令
	// 第N号公布; 某省人民政府令第N号公布), bare or in brackets.
	promulgationDate = lazyCompile(`^[（(]?(?:经|由)?[0-9０-９〇零一二三四五六七八九]{4}年[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日`)
	byNPC            = lazyCompile(`^[（(]?(?:经|由)?(?:第[一二三四五六七八九十]+届)?全国人(?:民代表)?大`)
	byCourt          = lazyCompile(`^[（(]?(?:经|由)?最高人民(?:法院|检察院)(?:第[一二三四五六七八九十]+届)?(?:审判委员会|检察委员会)`)
	byStateCouncil   = lazyCompile(`^[（(]?(?:经|由)?(?:中华人民共和国)?(?:国务院|政务院)(?:、[\p{Han}]{2,20})?(?:令|第|常务会议|发布|公布|批准|修订)`)
	// A congress whose place ends in a province or a city (山东省第十三届人民
	// 代表大会常务委员会, 市十四届人大常委会): a county's, a district's or a
	// township's congress enacts no regulation (立法法 第八十条、第八十一条).
	byLocalCongress = lazyCompile(`^[（(]?(?:经|由)?([\p{Han}]{0,12}?)(省|自治区|市)(?:第?[一二三四五六七八九十]+届)?(?:人民代表大会|人大)`)
	// A government's 令 (立法法 第九十六条: rules are promulgated by order).
	byGovernmentOrder = lazyCompile(`^[（(]?(?:经|由)?([\p{Han}]{0,12}?)(省|自治区|市)人民政府(?:令|第[0-9０-９一二三四五六七八九十百]+号令)`)
	// A ministry's 令 or its meeting (部务会议, 署务会议, 室务会议): the body
	// is named with no place before it.
	byMinistry = lazyCompile(`^[（(]?(?:经|由)?((?:中华人民共和国|国家|中国)?[\p{Han}、]{1,30}?(?:部|委员会|委|总局|总署|署|局|银行|办公室))(?:令|第[0-9０-９一二三四五六七八九十百]+号令|(?:[0-9]{4}年)?第[0-9０-９一二三四五六七八九十百]+次(?:部务|署务|局务|委务|室务|主任|部长办公)会议|(?:部务|署务|局务|委务|室务|部长办公)会议)`)
	// The kinds of title a law, a regulation or a rule bears; a congress's
	// 决定 is a law's (全国人大常委会关于…的决定) and a province's.
	statuteTitle = lazyCompile(`(?:法|法典|修正案|条例|规定|办法|细则|规则|规程|通则|决定)$`)
	titleNote    = lazyCompile(`[（(][^（()）]*[）)]$`)
	// A body named by its level alone (县市场监督管理局, 区财政局) is local.
	nationalBody = lazyCompile(`^(?:中华人民共和国|国家|中国|国务院)`)
	levelHead    = lazyCompile(`^(?:县|区|市|州|盟|旗|镇|乡|省|街道|自治)`)
	articleLine  = lazyCompile(`^(?:#+\s*)?第[一二三四五六七八九十百零〇0-9]+(?:条|章|节)`)
	// A promulgation line is read without its spacing (国务院令 第 N 号).
	lineSpacing = strings.NewReplacer(" ", "", "\u3000", "", "\t", "")
)

// enactedLevel reads who enacted a text from its title and the
// promulgation lines under it, before the first article: "" unless the
// text is a law, a regulation or a rule. Never a township's, a 街道's, a
// village's or a county's document: none of them enacts at any of these
// levels, and their congresses' and governments' own documents (县人民政府
// 第N次常务会议通过, 县人民政府令) are 规范性文件, whatever they are called.
func enactedLevel(title, text string) string {
	lines := strings.Split(text, "\n")
	i := 0
	if strings.TrimSpace(title) == "" {
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
		if i == len(lines) {
			return ""
		}
		title = lines[i]
		i++
	}
	t := normTitle(title)
	for range 3 {
		if m := titleNote.FindStringIndex(t); m != nil && m[0] > 0 {
			t = t[:m[0]]
		}
	}
	// A court's interpretation is titled as it likes (…的解释, …的批复,
	// …的意见); its line names the court.
	titled := statuteTitle.MatchString(t)
	if tier := issuerTier(title, text); tier == IssuerTownship || tier == IssuerVillage {
		return ""
	}
	seen := 0
	for ; i < len(lines) && seen < 8; i++ {
		l := lineSpacing.Replace(strings.TrimSpace(lines[i]))
		if l == "" || strings.HasPrefix(l, "<!--") {
			continue
		}
		if articleLine.MatchString(l) {
			break
		}
		seen++
		loc := promulgationDate.FindStringIndex(l)
		if loc == nil {
			continue
		}
		if lv := enactedBy(l[loc[1]:], t); lv != "" && (titled || lv == EnactedJudicial) {
			return lv
		}
	}
	if !titled {
		return ""
	}
	return titleLevel(t, lines[i:])
}

// titleLevel reads the level from the title alone, for a statute printed
// without its promulgation line, where the title's form is one only a law
// or a regulation bears: 中华人民共和国…法, a 国务院's 规定, and a 条例 of
// a province or a city that enacts itself (第一条 …制定本条例) — 规章
// may not be called 条例 (规章制定程序条例 第七条), and a 规范性文件 no more
// may. A 办法 or a 规定 of a province or a city may be a rule or a
// 规范性文件 alike, and is not read. lines are the text from the first
// article on.
func titleLevel(t string, lines []string) string {
	first := ""
	for _, l := range lines {
		if l = strings.TrimLeft(strings.TrimSpace(l), "# "); strings.HasPrefix(l, "第一条") {
			first = l
			break
		}
	}
	switch {
	case strings.HasPrefix(t, "全国人民代表大会"):
		return EnactedLaw
	case strings.HasPrefix(t, "中华人民共和国"):
		if lawTitle(t) {
			return EnactedLaw
		}
		return EnactedAdminReg
	case strings.HasPrefix(t, "国务院") && !lawTitle(t):
		return EnactedAdminReg
	}
	if !strings.HasSuffix(t, "条例") && !strings.Contains(t, "人民代表大会") {
		return ""
	}
	m := issuerChain.FindString(t)
	units, _ := chainUnits(m, t[len(m):])
	for _, u := range units {
		if u != "省" && u != "自治区" && u != "市" {
			return ""
		}
	}
	switch {
	case len(units) > 0 && strings.HasPrefix(t[len(m):], "人民代表大会"):
		if units[len(units)-1] == "市" && strings.HasSuffix(t, "决定") {
			return "" // as in enactedBy: a city congress's own decision
		}
		return EnactedLocalReg
	case strings.HasSuffix(t, "条例") && strings.Contains(first, "制定本条例"):
		// With no place named, a 条例 is the State Council's or a
		// congress's; the lower of the two is read.
		return EnactedLocalReg
	}
	return ""
}

// enactedBy is the level of the body a promulgation line names after its
// date, for a text titled t.
func enactedBy(rest, t string) string {
	// A title that opens with a place (山东省…条例) is a local text, whatever
	// national body a misprinted line names.
	placed := bodyPlaced(t)
	switch {
	case byNPC.MatchString(rest) && !placed:
		return EnactedLaw
	case byStateCouncil.MatchString(rest) && !placed:
		return EnactedAdminReg
	case byCourt.MatchString(rest) && !placed:
		return EnactedJudicial
	}
	if m := byLocalCongress.FindStringSubmatch(rest); m != nil && localPlace(m[1]) {
		// A city's congress enacts 条例 and 规定; its 决定 and 决议 are
		// the congress's own decisions, which a county-level city's congress
		// takes too.
		if m[2] == "市" && strings.HasSuffix(t, "决定") {
			return ""
		}
		return EnactedLocalReg
	}
	if m := byGovernmentOrder.FindStringSubmatch(rest); m != nil && localPlace(m[1]) {
		return EnactedLocalRule
	}
	if m := byMinistry.FindStringSubmatch(rest); m != nil {
		// A body after a place (某县市场监督管理局局务会议) is a local
		// department's, whose documents are 规范性文件.
		if nationalBody.MatchString(m[1]) || !bodyPlaced(m[1]) && !levelHead.MatchString(m[1]) && !strings.Contains(m[1], "人民政府") {
			return EnactedDeptRule
		}
	}
	return ""
}

// bodyPlaced reports whether a name opens with a place unit (东山县…,
// 山东省…): 城市, 农村 read as none.
func bodyPlaced(name string) bool {
	tier, _, _ := readChain(name)
	return tier != ""
}

// lawTitle reports whether t is a law's title (…法, …法典, …修正案; a
// 办法 is not).
func lawTitle(t string) bool {
	return strings.HasSuffix(t, "法") && !strings.HasSuffix(t, "办法") || strings.HasSuffix(t, "法典") || strings.HasSuffix(t, "修正案")
}

// localPlace reports whether a place name before 省, 自治区 or 市 names
// that place itself, not a county, a district or a township inside it
// (某县某镇…市 is no city; 彭水…自治县 ends in 县 and is not read here).
func localPlace(name string) bool {
	return !strings.ContainsAny(name, "县区镇乡旗村")
}
