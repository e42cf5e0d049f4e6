package review

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DetectType guesses the document type from its title, its first lines and
// its body, together. Titles decide most cases (…村规民约, …的决定,
// …办法, …合同), but real documents reach the reviewer in many shapes: a
// web page's metadata or a salutation (各园区、镇（街道）…：) before the
// title, a 文号 line, half-width brackets, （节选）, a notice that issues
// another document (关于印发《…办法》的通知), a village's rules named 守则,
// 明白纸, 决议 or 分配方案, minutes of the county head's meeting. Acts of a
// procurement, consultations on a project, emergency plans and work plans
// sent to the issuer's own bodies are none of the five (round 24). It
// returns TypeOther when nothing decides; the engine then runs every
// type's clause rules (see Engine.Review).
//
// (Round 43f.) It reads the text as Review does — traditional characters
// folded, pinyin annotations taken out (readInput) — so that the type a
// form shows before the review is the type the review runs under: a
// 通告 in traditional characters (現將有關事項通告如下) named no kind before.
func DetectType(title, text string) string {
	t, _ := classifyRead(title, text)
	return t
}

// classifyRead is classify on the text as Review reads it (readInput).
func classifyRead(title, text string) (typ, lean string) {
	r := readInput(Input{Title: title, Text: text})
	return classify(r.Title, r.Text)
}

// LikelyType is, for a document DetectType leaves TypeOther, the type its
// wording points to: what Report.LikelyType says once it is reviewed as
// such. It is "" when the type was detected or the body says nothing, so
// that a form asking someone to confirm the type can offer a guess
// without running the review.
func LikelyType(title, text string) string {
	t, lean := classifyRead(title, text)
	if t != TypeOther || lean == TypeOther {
		return ""
	}
	return lean
}

// classify returns the detected type and, when that is TypeOther, the
// likeliest type by the body's vocabulary ("" when the body says nothing):
// it chooses which articles a finding cites and which rule names a merged
// place when every type's rules run.
func classify(title, text string) (typ, lean string) {
	typ, lean = classifyForm(title, text)
	if (typ == "居民公约" || typ == "规范性文件") && !ownRulesName.MatchString(normTitle(title)) && propertyCompany(text, typ == "居民公约") {
		// (Round 47t.) A property-service company's notices and rules
		// (协沁物业公司 under a bin notice, 物业管理处 under a ban on throwing
		// things from windows, 物业公司将定期… in a hygiene system) are
		// neither the owners' own rules — the 业主大会 and its 业主委员会
		// make those (物业管理条例 第十一条、第十七条) — nor a government's:
		// the company is a party to the 物业服务合同 (民法典 第九百三十七条).
		// Every rule reads them. A text named as the owners' or the
		// residents' own rules (…居民公约, 管理规约) is theirs, whatever the
		// 物业 is to do under it (testdata/eval jmgy-11).
		return TypeOther, lean
	}
	return typ, lean
}

// propertyCompany reports a text a property-service company signs
// (…物业公司, 物业管理处 on one of its last lines) or, when speaks is
// set, one in which it acts in its own name (物业将…, 物业处联合…) and no
// owners' or residents' body decides.
func propertyCompany(text string, speaks bool) bool {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-3; i-- {
		if l := strings.TrimRight(strings.TrimSpace(lines[i]), "。."); propertySignature.MatchString(l) {
			return true
		}
	}
	return speaks && propertyVoice.MatchString(text) && !ownersDecide.MatchString(text)
}

var (
	propertySignature = lazyCompile(`^[\p{Han}A-Za-z（）()]{0,20}(?:物业(?:公司|服务中心|管理处|服务有限公司|管理有限公司|服务部)?|物业管理处)$`)
	propertyVoice     = lazyCompile(`物业(?:公司|处|管理处|服务中心|部门)?(?:将|会|联合|再次)`)
	ownersDecide      = lazyCompile(`(?:业委会|业主委员会|业主大会|居民会议|居民代表会议|居委会|居民委员会)[^。；\n]{0,16}(?:决定|讨论通过|表决通过|制定)`)
	ownRulesName      = lazyCompile(`公约|规约|章程|议事规则|守则`)
)

// classifyForm is classify before the issuer's kind is read.
func classifyForm(title, text string) (typ, lean string) {
	body := text
	if len(body) > 6000 {
		body = body[:6000]
		for !utf8.ValidString(body) {
			body = body[:len(body)-1]
		}
	}
	if joined, ok := splitTitle(title, text); ok {
		title = joined
	}
	// The title as the name tests read it, worked out once.
	nt := normTitle(title)
	t := typeFromTitle(title)
	if strings.Contains(strings.TrimRight(strings.TrimSpace(title), "。"), "。") {
		// (Round 24.) A first line with a full stop inside is sentences of
		// the body (…为2023年镇级民生实事项目。现将…提出意见:), whatever
		// word it ends with: no title holds one.
		t = ""
	}
	if t != "" && t != TypeOther && utf8.RuneCountInString(title) > 60 && strings.ContainsAny(title, "，,") {
		// (Round 38t.) A first line past sixty characters, cut by commas, is
		// the body's opening sentence (为广泛听取公众的意见和建议,…现将《…》
		// 向社会公开征求意见。), whatever name of a kind it ends with: the
		// body decides. One that says what it is not (…现将有关政策解读如下:)
		// keeps its 其他.
		t = ""
	}
	if t != "" && t != TypeOther && reportedAct(title) {
		// (Round 39t.) A first line that says what was done (招标文件中使用了
		// 废止的标准) is a report's sentence quoted as the text, whatever
		// name of a kind it ends with: the body decides.
		t = ""
	}
	if t == TypeOther && sentenceLine(title) && newsHeadline(nt) {
		// The first line is a sentence of the body (经支村委研究决定:凡是…,
		// untitled), not a news headline's 来源: colon.
		t = ""
	}
	if q := strings.TrimSpace(title); strings.HasSuffix(q, "?") || strings.HasSuffix(q, "？") {
		// (Round 47t.) A question for a first line (商贸企业达限后有什么奖励
		// 政策?) heads a policy's questions and answers: it explains rules
		// set elsewhere and lays down none (real-qt-4557, real-qt-5314).
		return TypeOther, leanType(body)
	}
	if t != "" && t != TypeOther && consultationName(title) && wrapperOnly(title, text) {
		// (Round 47t.) A consultation whose text is its wrapper alone — why
		// the draft was made, the period, where to send opinions, the draft
		// only named or annexed (real-qt-7804, real-qt-6813) — carries no
		// clause of the draft to review: it asks, as a call does. One that
		// gives the draft's text (its title on a line of its own, its 第一条)
		// is typed by the draft (real-gfxwj-4303).
		return TypeOther, leanType(body)
	}
	if t != "规范性文件" && t != "决定" && electionOpening.MatchString(strings.Join(headLines(body, 3), "\n")) {
		// (Round 47t.) An election's notices — the voters' registration,
		// the candidates, the day (本社区第三届居民议事会换届选举…, 选民
		// 登记公告) — are acts of that election (村民委员会组织法 第十三条、
		// 第十四条; 城市居民委员会组织法 第八条), not the community's rules.
		return TypeOther, leanType(body)
	}
	if t == "村规民约" && issuerLevel(nt) != levelVillage && residentsOnly(body) {
		// (Round 47t.) Rules named 乡规民约 whose text is a 社区's — they bind
		// those registered 在本社区 and give its 社区居委会 the say — with no
		// village, villager or village committee in them are the
		// residents' rules (real-jmgy-5547): 城市居民委员会组织法 第十五条
		// gives them their 居民公约, whatever word the drafter took.
		return "居民公约", "居民公约"
	}
	if t == "" {
		t = typeFromLines(text)
	}
	if t == "" && articleOpening.MatchString(firstTextLine(text)) && selfEnacted.MatchString(body) && villageOwnAffairs(body) && !severalVillages.MatchString(body) {
		// (Round 52a, t39a2 cgmy-10005: 一条 为加快我村建设,…特制定本规定。
		// 二条 村设立村容和环境卫生管理小组…负责本村….) Untitled articles that
		// enact themselves (特制定本规定) in a village's own voice are the
		// village's rules, as the same 范文 with its title is (real-cgmy-5541).
		return "村规民约", "村规民约"
	}
	if (t == "" || t == "规范性文件" || t == TypeOther) && specificMatter(title, body, t) {
		// (Round 44t.) A notice that disposes of one thing or one event —
		// the graves or the land of one project, one road closed for its
		// works, one market shut or suspended, one fair called off — deals
		// with a specific matter once: a decision, not a normative document
		// (国办发〔2018〕37号 asks 不特定对象 and 反复适用; 北京市各级人民代表
		// 大会常务委员会规范性文件备案审查条例 第二条第二款 puts 处理具体事项
		// outside; docs/coverage.md). The ban on passing a closed road is
		// that closure's consequence; a ban for everyone in a season (禁火期,
		// 禁渔期) is a rule and stays normative.
		return "决定", "决定"
	}
	if t != TypeOther && t != "" && (governmentRules(text) || centralRules(body)) {
		// A government's rules (规章: …办法 published by 人民政府令第N号) are
		// none of the five types: the clause rules of the types its wording
		// uses run on it, the checks that a normative document names its
		// 有效期 or its 施行日期 thirty days ahead do not.
		return TypeOther, leanType(body)
	}
	if t == "规范性文件" && customsTitle.MatchString(nt) && villageOwnAffairs(body) {
		// (Round 51a, t38a2: 红白事统一操办标准 — 本村乡亲随礼….) A standard
		// for the households' weddings and funerals in which a village
		// speaks as itself is its 红白理事会's and its rules' matter
		// (乡村振兴促进法 第三十条 asks the 村规民约 to carry 移风易俗); a
		// township's standard speaks of 各村 or 全镇 (villageOwnAffairs).
		return "村规民约", "村规民约"
	}
	if t == "规范性文件" && bareVillageName(title) && (villageAssembly(body) || villageOwnAffairs(body)) {
		// (Round 39t.) A rule named after a bare 村 (村发展生产和兴办公益事业
		// “一事一议”制度) whose text is the village's — it speaks of 本村 or
		// 全体村民 and puts matters to the 村民会议 — is the village's own
		// rule (村民委员会组织法 第二十四条、第二十七条), the name of a kind
		// notwithstanding; a township's rule on villages says 村级.
		return "村规民约", "村规民约"
	}
	if t == "规范性文件" && issuerLevel(nt) != levelGovernment && villageMadeRule.MatchString(body) && !governmentVoice.MatchString(body) && !severalVillages.MatchString(body) {
		// (Round 52a, t39a2 cgmy-10003: 自来水用水管理制度 — 经村委会和自来水
		// 管委会共同研究抉择,特制订如下用水管理制度.) A rule with no issuer in
		// its name that says the village's own committee made it for its
		// members is the village's rule (村民委员会组织法 第二十七条), the
		// name of a kind notwithstanding; a township's rule on villages
		// speaks of 各村 or in its own voice.
		return "村规民约", "村规民约"
	}
	if t == "规范性文件" && firmGrantTitle.MatchString(nt) {
		// (Round 49b, t36c: 关于河南亿星实业集团有限责任公司独家经营周口市…
		// 燃气工程的通知.) A notice whose title names the one firm it lets run
		// a network or a project disposes of that firm's right once: a
		// decision (国办发〔2018〕37号 leaves 处理具体事项 out of the
		// normative documents), as specificMatter's are.
		return "决定", "决定"
	}
	if t == "规范性文件" && insurancePlan.MatchString(nt) {
		// (Round 49b, t36b: 民政局城镇居民医疗保险方案; real-qt-3051.) A
		// township's plan for enrolling residents in the state's medical or
		// pension insurance organises that work: the contributions and the
		// benefits are the state's (社会保险法 第二十三条、第二十五条), and the
		// plan sets no rule of its own. Its clauses still run as under every
		// 其他.
		return TypeOther, leanType(body)
	}
	if t == "规范性文件" && internalPlan(title, text) {
		// (Round 24.) A 方案 sent to the issuer's own offices and the
		// bodies it directs, setting no rule for the public or the market,
		// is a work plan: 国办发〔2018〕37号 leaves 工作方案 out of the
		// normative documents. Its clauses still run as under every 其他.
		return TypeOther, leanType(body)
	}
	switch t {
	case "":
	case TypeOther:
		// The title names a kind of text that is none of the five (a
		// report, a tender notice, a government's own working rules): the
		// body's wording only chooses the likely type.
		if reminderName.MatchString(nt) && (bindingLetter.MatchString(body) || announcedClearance.MatchString(body)) && signatureLevel(text) == levelGovernment {
			// (Round 47t.) A government's reminder that announces what it
			// will do to everyone's goods or buildings (如发现杂物堆放，将一律
			// 按无主废弃物予以统一清理, real-gfxwj-5713) binds as a 通告 does.
			return "规范性文件", "规范性文件"
		}
		if responsibilityLetter.MatchString(nt) && madeLetter.MatchString(body) && !communityVoice(body) {
			// (Round 47t.) A 责任书 the township made alone for everyone in
			// it (特制定本责任书; 责任主体是全镇范围内所有居住农户, real-qt-5603)
			// is its rule in a letter's form, not a pledge two sides sign.
			return "规范性文件", "规范性文件"
		}
		if responsibilityLetter.MatchString(nt) && villageLetter.MatchString(body) && !governmentVoice.MatchString(body) {
			// (Round 51a, t38a2: 村“两委”特与集镇各户签订以下责任书.) A
			// 责任书 the village's committees draw up for every household
			// they sign it with binds the members as the village's rules
			// do: the village's counterpart of the township's 责任书 above.
			return "村规民约", "村规民约"
		}
		if publicLetter.MatchString(nt) && bindingLetter.MatchString(body) && !communityVoice(body) {
			// (Round 44t.) A letter to the public that binds as a notice
			// does (bindingLetter: 全县范围内…一律不得土葬; 不得…否则将
			// 依法予以强制拆除) is the government's rule in a letter's form.
			return "规范性文件", "规范性文件"
		}
		return TypeOther, leanType(body)
	default:
		return t, t
	}
	if m := consultationBody.FindStringSubmatch(body); m != nil {
		// (Round 24.) The text puts a draft or a project to the public for
		// opinions (现将《…》全文公布，公开征求社会各界人士的意见): typed
		// as a consultation's title is (consultationTitle).
		draft := m[1] + m[2]
		if draft != "" && !projectPlan.MatchString(normTitle(draft)) && !wrapperOnly(firstTextLine(text), text) {
			if t := typeFromName(draft, false); t != "" && t != TypeOther {
				return t, t
			}
		}
		return TypeOther, leanType(body)
	}
	if callForInput.MatchString(strings.Join(headLines(body, 3), "\n")) && !normativeBody.MatchString(body) {
		// (Round 33, t18 and t19.) The text opens by asking the public for
		// proposals or opinions (现面向社会公开征集…民生实事项目意见建议;
		// 诚挚欢迎广大市民踊跃发表意见): a call sets no rule of its own, and
		// its clauses still run as under every 其他.
		return TypeOther, leanType(body)
	}
	if channelsBody.MatchString(strings.Join(headLines(body, 3), "\n")) && !normativeBody.MatchString(body) {
		// (Round 38t.) A text that opens by announcing where to complain
		// or report (现将我区…举报投诉渠道公告如下) asks, as its title form
		// does (notReviewed).
		return TypeOther, leanType(body)
	}
	if guideBody.MatchString(strings.Join(headLines(body, 2), "\n")) {
		// (Round 47t.) A guide that names itself in its first lines (本指南
		// 规定了…申报条件或标准、办理程序) is one (guideName).
		return TypeOther, leanType(body)
	}
	if replyOpening.MatchString(strings.Join(headLines(body, 3), "\n")) && !normativeBody.MatchString(body) {
		// (Round 47t.) A reply to a citizen's message (网友您好!张浦镇答复
		// 如下; 您反映的问题已收悉，现作以下回复) reports what was found and
		// done about one complaint: it binds no one, whatever measures it
		// recounts (real-qt-6700, real-qt-6415).
		return TypeOther, leanType(body)
	}
	if letterOrAppeal(body) {
		// (Round 38t.) A letter to the public (广大村民朋友们：, 全镇父老乡亲：)
		// or an appeal (我们倡议：) informs and asks; it lays down no rule of
		// its own, whatever it urges — the rules it restates are another
		// document's. Its clauses still run as under every 其他.
		return TypeOther, leanType(body)
	}
	if m := issuedByBody.FindStringSubmatch(body); m != nil {
		t := typeFromTitle(m[1])
		if t == "" {
			t = "规范性文件"
		}
		if t == TypeOther || t == "规范性文件" && internalPlan(m[1], text) {
			return TypeOther, leanType(body)
		}
		return t, t
	}
	if quotedVillageRules.MatchString(body) && !governmentVoice.MatchString(body) && !severalVillages.MatchString(body) {
		// (Round 51a, t38f2: 村中的乡规民约规定:牲畜必须重视防病…) A text
		// that gives a village's rules after 规约…规定： is those rules as
		// quoted, whatever its headline; a government's notice quoting them
		// speaks in its own voice (governmentVoice) or of several villages
		// (部分村的村规民约规定：…; 各村).
		return "村规民约", "村规民约"
	}
	if m := announcedRules.FindStringSubmatch(body); m != nil {
		// 经召开村民会议，制定以下几点村规民约：— the text names itself.
		// A bare 公约 (经居民代表大会议论决定，特制定以下公约) is the
		// community's when the text speaks of residents or the community.
		if strings.Contains(m[1], "居民") || strings.Contains(m[1], "社区") || m[1] == "公约" && containsAny(body, "居民", "社区", "业主", "小区") && !containsAny(body, "村民", "本村") {
			return "居民公约", "居民公约"
		}
		return "村规民约", "村规民约"
	}
	switch {
	case contractBody.MatchString(body) || contractTerm.MatchString(body):
		// (Round 39t.) A promise made for the term of a cooperation (在合作
		// 期限内，…承诺不擅自收回经营权) is a party's under an agreement.
		return "合同", "合同"
	case strings.Contains(body, "村民会议") && strings.Contains(body, "村民") && strings.Contains(body, "本村"):
		return "村规民约", "村规民约"
	case strings.Contains(body, "居民会议") && strings.Contains(body, "居民"):
		return "居民公约", "居民公约"
	case decisionBody.MatchString(body) && !noticeToPublic.MatchString(body):
		// (Round 49b, t36b: 现决定在全镇范围内集中开展…整治工作。现将有关事宜
		// 通告如下.) A 通告 that announces to everyone what they must do
		// binds as a rule, whatever campaign it says it decided to run;
		// it is read under normativeBody below.
		return "决定", "决定"
	case disposingDecision.MatchString(body) && !communityVoice(body):
		// (Round 24.) A government that decides to honour, appoint or
		// sanction named units or persons (经研究，决定授予…荣誉称号)
		// disposes of them once: a decision, whatever salutation heads it
		// (国办发〔2018〕37号 leaves 表彰奖惩、人事任免 out of the
		// normative documents). A village's own body deciding so is the
		// village's (selfRuleBody).
		return "决定", "决定"
	case (revokingBody.MatchString(body) || minutesBody.MatchString(body)) && !communityVoice(body):
		// (Round 38t.) A text that voids or revokes a named licence or
		// registration (宣布…《开采许可证》作废; 撤销《…备案登记》) disposes
		// of its holder's right once; minutes state what the meeting
		// decided at the head of a paragraph (会议决定…, 会议议定…): both
		// are decisions, whatever their first line.
		return "决定", "决定"
	case normativeBody.MatchString(body):
		return "规范性文件", "规范性文件"
	}
	if t := typeFromSalutation(firstTextLine(text), title); t != "" {
		return t, t
	}
	if m := appliedOwnRules.FindStringSubmatch(body); m != nil && !governmentVoice.MatchString(body) {
		// (Round 38t.) A notice that applies a named village's or
		// community's own rules to its members (根据某社区村规民约,…将取消您
		// 居民医疗…) is that community's act under its rules, and is read
		// as them (村民委员会组织法 第二十七条).
		if unit := m[1] + m[2]; unit == "社区" || unit == "小区" || unit == "居委会" {
			return "居民公约", "居民公约"
		}
		return "村规民约", "村规民约"
	}
	// (Round 29, t15b.) A title whose issuer is a township's or a county's
	// government (万泉镇森林草原防灭火倡议书) is the government speaking to its
	// people, whom it calls 居民 or 群众: not the residents' or the village's
	// own rule, whatever the body's words for them.
	// (Round 38t.) A first line that is a sentence names no issuer (男子与
	// 外乡女子结婚后,…: 外乡 is no township).
	// (Round 47t.) …nor does a text a government body signs (望奎县“抗疫
	// 保卫战”指挥部 under a fragment on 小区 and 物业, real-gfxwj-6013):
	// it is that body speaking to the public.
	signed := signatureLevel(text)
	if t := selfRuleBody(body); t != "" && (sentenceLine(title) || issuerLevel(title) != levelGovernment) {
		if signed == levelGovernment {
			// A government body's rules for the life of estates or
			// villages: its normative document.
			return "规范性文件", "规范性文件"
		}
		return t, t
	}
	if contractParties.MatchString(body) {
		// (Round 24.) Clauses whose subjects are the parties (乙方优先采用…,
		// 甲方（地方政府）积极推荐…) are a contract's, even when no
		// party line (甲方：…) was quoted.
		return "合同", "合同"
	}
	if policyGrant.MatchString(body) && firmWords.MatchString(body) && !communityVoice(body) && !memberShare.MatchString(body) {
		// (Round 24.) Money granted to firms or projects by a standing
		// rule (按投资额的5%给予奖励, 最高奖励50万元, 一事一议) is a
		// government's policy measure — its normative document (公平竞争
		// 审查条例 第十条 reads such measures) — when no contract's parties
		// and no village or estate speak.
		return "规范性文件", "规范性文件"
	}
	if covenantOnly(title, text) {
		// (Round 24.) A 公约 named only by what it praises (幸福公约,
		// 文明公约) names no community: the body's people decide, and a
		// body that names none is a village's — township reviews meet
		// villages' 公约 far more than estates', and an estate's 公约
		// names its estate (东邑锦苑文明公约).
		// (Round 47t.) The committee that signs it decides first: a
		// village committee's 公约 that speaks of 本社区 is the village's
		// (real-cgmy-5105, signed 陇头山家村村委会).
		switch signed {
		case levelVillage:
			return "村规民约", "村规民约"
		case levelResidents:
			return "居民公约", "居民公约"
		}
		if s := typeScores(body); s["居民公约"] > s["村规民约"] {
			return "居民公约", "居民公约"
		}
		return "村规民约", "村规民约"
	}
	if procurementTerms.MatchString(body) && !bodyStart.MatchString(firstTextLine(body)) && !strings.Contains(body, "第") {
		// (Round 39t.) A fragment of a procurement's papers (将在本县境内
		// 注册作为报名资格条件) is an act of that procurement, as its titles
		// are (notReviewed), however the government names itself in it; a
		// government's rules on procurements have articles and name
		// themselves.
		return TypeOther, leanType(body)
	}
	if (governmentVoice.MatchString(body) || publicPlacesBarred.MatchString(body)) && !communityVoice(body) {
		// A government speaking as itself (请我市未接种人员…) or ordering
		// the governments below it (镇人民政府、街道办事处应当…) to the
		// public at large: its normative document. (Round 39t.) So is a
		// text that bars people from public places (原则上不允许未接种人员
		// 进入超市、医院、学校…): who may enter them is set for the public
		// by a government's 通告, not by a village or a contract.
		return "规范性文件", "规范性文件"
	}
	if verseBody(body) {
		// (Round 27.) Rules in three- to five-character verse with
		// nothing else to name them (新建房，经审批；乱砍伐，不可有; 爱祖国
		// 感党恩 遵法律 守道德): villages write their 村规民约 so, to be sung
		// and remembered; a government's documents are not written in verse.
		return "村规民约", "村规民约"
	}
	return TypeOther, leanType(body)
}

// splitTitle joins a title broken over two lines before its kind (关于全面
// 取消赶集的 / 公 告, the kind spaced out as printed): the first line ends
// with 的 and the next, its spaces taken out, is only a kind's name.
func splitTitle(title, text string) (string, bool) {
	t := strings.TrimSpace(title)
	if !strings.HasSuffix(t, "的") {
		return "", false
	}
	head := headLines(text, 3)
	for i := 0; i+1 < len(head); i++ {
		if head[i] != t {
			continue
		}
		kind := strings.Join(strings.Fields(head[i+1]), "")
		if bareKind.MatchString(kind) {
			return t + kind, true
		}
	}
	return "", false
}

var bareKind = lazyCompile(`^(?:公告|通告|通知|决定|办法|规定|公约|合同|协议)$`)

// procurementTerms are the words of a procurement's papers.
var procurementTerms = lazyCompile(`报名资格|投标人资格|资格条件|评分标准|评标办法|招标文件|磋商文件|谈判文件`)

// publicPlacesBarred is a text barring people from public places
// (不得进入…场所, 不允许…进入超市、医院).
var publicPlacesBarred = lazyCompile(`不(?:允许|得|准|能)[^。；\n]{0,40}进入[^。；\n]{0,80}(?:场所|超市|医院|学校|车站|景区)`)

// articleOpening: a first line that is a rule's article (第一条, 第1条, or
// 一条 with its 第 lost). selfEnacted: the text enacting itself.
var (
	articleOpening = lazyCompile(`^\s*(?:第?[一二三四五六七八九十]+条|第[0-9]+条)`)
	selfEnacted    = lazyCompile(`(?:特|现)?(?:制定|制订|订立)(?:了)?本(?:规定|办法|制度|细则|规约|公约|章程)`)
)

// villageMadeRule: a village's committee or assembly named as the one that
// made the rule (经村委会和…共同研究…特制订如下…制度; 经村民代表会议讨论，制定
// 本办法).
var villageMadeRule = lazyCompile(`经(?:本村)?(?:村委会|村民委员会|村两委|村“两委”|支村委|村支两委|村民会议|村民代表会议)[^。；\n]{0,20}?(?:研究|讨论|决定|抉择|商议|表决)[^。；\n]{0,10}?(?:特制订|特制定|制订|制定)`)

// customsTitle is a title on the households' weddings, funerals and
// feasts (红白事统一操办标准, 婚丧事宜办理规定).
var customsTitle = lazyCompile(`红白|婚丧|婚事|丧事|喜事|移风易俗|操办|宴席|酒席`)

// bareVillageName reports a title that starts with a bare 村 (村发展生产…
// 制度): the village's own name for its rules, not a level (村级…).
func bareVillageName(title string) bool {
	t := normTitle(title)
	return strings.HasPrefix(t, "村") && !strings.HasPrefix(t, "村级")
}

// villageOwnAffairs reports a text in which a village speaks as itself
// (为加强本村村容村貌…) and no government's voice is heard (round 41a,
// t28b: a village's own 村容环境卫生管理规定 reposted without its
// 村民会议's record). A township's rule on villages says 各村 or 村级.
func villageOwnAffairs(body string) bool {
	return ownVillageVoice.MatchString(body) && !governmentVoice.MatchString(body) && !strings.Contains(body, "各村")
}

// villageAssembly reports a text in which a village speaks as itself and
// refers matters to its 村民会议.
func villageAssembly(body string) bool {
	return strings.Contains(body, "村民会议") && ownVillageVoice.MatchString(body)
}

// appliedOwnRules is a text applying the rules of a village or community
// it names (根据东山社区村规民约, 按照本村村规民约, 违反二组村民公约).
var appliedOwnRules = lazyCompile(`(?:根据|按照|依照|依据|违反)(?:本(村|组|社区|小区)|\p{Han}{1,8}?(社区|小区|居委会|村|组))(?:的)?《?(?:村规民约|居民公约|村民公约|社区公约|小区公约)`)

// channelsBody announces channels for complaints and reports.
var channelsBody = lazyCompile(`(?:举报投诉|投诉举报|举报)(?:渠道|电话|方式)[^。\n]{0,6}(?:公告|公布|通告)如下`)

// letterOrAppeal reports a text that opens as a letter — a salutation to
// the public's friends, its 乡亲, parents, named families or a deputy on
// the first line,
// with the letter below it — or as an appeal (我们倡议, 倡议如下, 发出…
// 倡议), and names itself no 通告 or rules (normativeBody, announcedRules).
// A salutation alone, with nothing below, says nothing of the kind of
// document (typeFromSalutation reads it).
func letterOrAppeal(body string) bool {
	if normativeBody.MatchString(body) || announcedRules.MatchString(body) || bindingDecision.MatchString(body) || bindingLetter.MatchString(body) {
		return false
	}
	head := headLines(body, 3)
	if len(head) >= 2 && friendSalutation.MatchString(head[0]) {
		return true
	}
	return appealOpening.MatchString(strings.Join(head, "\n"))
}

// bindingDecision is a body of government deciding a measure on the public
// in the text (经县疫情防控指挥部研究…决定于…实施场地管控; …领导小组办公室决定
// 在…公共场所实施佩戴口罩的控制措施): the letter's salutation only addresses
// the people the measure binds (round 43f).
// bindingLetter is a letter that binds as a notice does (round 44t, the
// criterion in docs/coverage.md: a duty on everyone, applied whenever its
// case arises): a ban across the whole area (全县范围内…一律不得土葬) or a
// duty backed by the sanction that follows its breach (不得…否则将依法
// 予以强制拆除). A letter that asks, informs or restates without either
// stays a letter.
var bindingLetter = lazyCompile(`(?:全县|全镇|全乡|全区|全市|辖区)(?:范围内)?[^。；\n]{0,40}(?:一律不得|一律不准|严禁|禁止)|(?:不得|严禁|禁止)[^。\n]{0,80}(?:否则|违者|逾期)[^。\n]{0,30}(?:依法|予以|将|由)[^。\n]{0,20}(?:拆除|没收|处罚|罚款|查处|追究)`)

// publicLetter is a letter's title (致…的一封信, 公开信).
var publicLetter = lazyCompile(`一封信$|公开信$`)

var bindingDecision = lazyCompile(`(?:政府|办事处|指挥部|领导小组|办公室|委员会|局)[^。；\n]{0,30}?决定(?:于|在|自|从|对|即日起)[^。；\n]{0,80}?(?:实施|实行|开展|取消|暂停|禁止|举行|执行)`)

var (
	// 广大村民朋友们：, 尊敬的广大居民朋友们：, 全镇父老乡亲：, 各位家长：;
	// named persons' families (某某及其家属：) and a deputy answered on a
	// proposal (某某代表：) are written to by letter too.
	friendSalutation = lazyCompile(`^(?:尊敬的|亲爱的)?[^：:，,。；]{0,24}(?:朋友|乡亲|家长|家属|代表|委员)们?[：:]$`)
	// 我们倡议：, 特发出如下倡议, 向全乡…发出“…”倡议：, 倡议如下.
	appealOpening = lazyCompile(`我们(?:郑重|特)?倡议|倡议如下|特此倡议|(?:发出|提出)(?:如下)?[^。\n]{0,40}倡议[:：]`)
	// A project's design or construction plan (…道路工程设计方案, …管网提质
	// 项目建设方案): a consultation on it asks about the works, no rule.
	projectPlan = lazyCompile(`(?:项目|工程)[^。]{0,40}?(?:设计|建设|施工)?方案$`)
)

// verseBody reports a text every line of which is verse: at least four
// pieces between punctuation or spaces, each of two to five characters or
// all of seven (an ellipsis at the end ignored), and nothing else.
func verseBody(body string) bool {
	// (Round 38t.) …or every piece is of seven characters (污水排放处理好,
	// 垃圾装袋定点放): the 七字歌 villages sing their rules in too.
	pieces, seven := 0, 0
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimRight(strings.TrimSpace(line), "…. 。")
		if line == "" {
			continue
		}
		for _, p := range versePiece.Split(line, -1) {
			if p == "" {
				continue
			}
			n := utf8.RuneCountInString(p)
			if n < 2 || n > 7 || n == 6 || !allHan(p) {
				return false
			}
			if n == 7 {
				seven++
			}
			pieces++
		}
	}
	return pieces >= 4 && (seven == 0 || seven == pieces)
}

var versePiece = lazyCompile(`[，,；;。、！!？?：:\s]+`)

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// governmentRules reports whether the first lines of text carry a
// government's order number on a line of their own — （2020年5月1日某省
// 人民政府令第12号公布）, 某市人民政府令 第3号 — the mark of 规章 (立法法
// 第九十一条、第九十三条), as against a normative document that cites one
// (依据《…规定》（市政府令第17号）…，within a sentence).
func governmentRules(text string) bool {
	lines := headLines(text, 8)
	for i, l := range lines {
		// The order and its number may stand on two lines (某市人民政府令 /
		// 第35号).
		if governmentOrder.MatchString(l) || i+1 < len(lines) && governmentOrder.MatchString(l+lines[i+1]) {
			return true
		}
	}
	return false
}

// centralRules reports whether body hands the details to the provincial
// governments (具体办法由省、自治区、直辖市人民政府……确定): only the State
// Council and its departments write so, in 行政法规 and 部门规章 (立法法
// 第七十二条、第九十一条), which — like a local government's 规章 — are none
// of the five types a township review decides on.
func centralRules(body string) bool {
	return provincialDelegation.MatchString(body)
}

var provincialDelegation = lazyCompile(`(?:由|授权|责成)?省、(?:市、)?自治区(?:、直辖市)?人民政府(?:根据|结合|依照|按照|可以|制定|规定|确定|参照)`)

var governmentOrder = lazyCompile(`^[（(]?[^，。；,;《》]{0,30}(?:人民政府令|政府令|部令|委员会令|总局令|署令)\s*(?:第\s*)?[0-9０-９一二三四五六七八九十百零〇]+\s*号[^，。；,;《》]{0,16}[）)]?$`)

// selfRuleBody types an untitled fragment — the clauses a notice on a
// village's wall consists of — by the bodies that speak in it: a text
// that names only a village's bodies and people (村委, 村部, 本组村民) is
// the village's own rule, one that names only a community's (居委会, 业主)
// the residents'. Any word of a government, a contract or a decision
// leaves it unknown.
func selfRuleBody(body string) string {
	score := typeScores(body)
	// A government names itself or its addressees (人民政府, 各村, 本办法);
	// a village may well speak of the firms on its land (企业), which
	// counts against it only when it does not speak as the village.
	// A village may name its township (为配合我镇创建工作，本村…): the
	// government's voice counts against it only when the village does not
	// speak as itself.
	selfVoice := communityVoice(body) || memberShare.MatchString(body)
	government := containsAny(body, "人民政府", "办事处", "各村", "各单位", "本办法", "本条例") || governmentVoice.MatchString(body) && !selfVoice
	if score["合同"] > 0 || government || score["规范性文件"] > 0 && !ownVillageVoice.MatchString(body) {
		return ""
	}
	v, r := score["村规民约"]+strings.Count(body, "村部")+strings.Count(body, "村委"), score["居民公约"]+strings.Count(body, "居委会")
	// A village speaking of itself (本村, 本组, 村部, 村集体, 全体村民) or
	// dividing its members' shares by their marriage (外嫁女不参与分配,
	// 双女户只能一女享受分配) is the village deciding for its members:
	// 村民委员会组织法 第二十四条、第二十七条 put the 村民会议's and the
	// committee's decisions on its members beside its 村规民约, whatever
	// the text calls itself. A decision of the village's own bodies
	// (经支村委研究决定) is such a rule too.
	// (Round 39t.) So is a fragment on what only a village's members
	// share: labour and money for the village's works (不出义务工, 不出资
	// 修路者), the village's group chat, its committee acting on its
	// members (村委组织人入户), livestock in a neighbour's crops, and the
	// village's land compensation or the money it divides (没有钱分).
	villageSelf := ownVillageVoice.MatchString(body) || memberShare.MatchString(body) || villageMatters.MatchString(body)
	residentsSelf := ownResidentsVoice.MatchString(body)
	if score["决定"] > 0 && !(villageSelf || residentsSelf) {
		return ""
	}
	if !villageSelf && !residentsSelf && newsOpening.MatchString(strings.TrimSpace(body)) {
		// (Round 49b.) A report on a village (近日，东山村召开村民代表大会，
		// 学习新修订的村规民约) that reproduces no rule of it is no rule,
		// however often it names villagers.
		return ""
	}
	switch {
	case (v >= 2 || villageSelf) && r == 0 && !residentsSelf:
		return "村规民约"
	case (r >= 2 || residentsSelf) && v == 0 && !villageSelf:
		return "居民公约"
	}
	return ""
}

// noticeToPublic is a 通告 naming itself to the public (现将有关事宜通告如下,
// 本通告自…, 违反本通告): the 通告 half of normativeBody.
var noticeToPublic = lazyCompile(noticeSelf)

// noticeSelf is how a 通告 names itself (本通告自发布之日起施行, 现就…有关
// 事项通告如下, 违反本通告).
const noticeSelf = `本通告(?:自|所称|发布)|现(?:就[^。；\n]{0,30}|将[^。；\n]{0,40})?通告如下|违反本通告`

// newsOpening is a report's opening (近日, 日前, 记者, 据…报道, …讯).
var newsOpening = lazyCompile(`^(?:近日|日前|近期|连日来|今年以来|记者|据[^，,。]{0,12}(?:报道|介绍|了解)|[^，,。]{0,16}(?:讯|报道)[，,：:\s])`)

// communityVoice reports a text in which a village or an estate speaks as
// itself (ownVillageVoice, ownResidentsVoice): a government's voice, a
// decision on named units or money granted to firms is then the
// community's own rule, not the township's measure.
func communityVoice(body string) bool {
	return ownVillageVoice.MatchString(body) || ownResidentsVoice.MatchString(body)
}

var (
	// The village's own voice: it names itself, its group, its office or
	// all its villagers — a government writes 各村, 该村 or 村民.
	ownVillageVoice = lazyCompile(`本村|本组|本社|本队|本生产队|本村民小组|村部|(?:支|两|支两)?村委(?:会)?(?:研究|决定|讨论)|(?:^|[^各该每])村(?:党)?(?:总支|支部|党委)(?:委员会)?(?:研究|决定|讨论)|村集体|全体村民|全体社员`)
	// Members' shares withheld for their marriage or their family's make-up:
	// only the collective that divides them writes so.
	// (Round 28, t14a.) …or by a woman's marital status — unmarried past an
	// age, divorced, remarried, married and made to move her registration
	// (凡年满28周岁的正常未婚女性，不得参与任何分配; 妇女结婚后…不享有任何待遇) —
	// and the list of such women may run long before the share is named
	// (出嫁女、离婚妇女、再婚女性所带的子女不参与分配).
	// (Round 38t.) …and by what a woman's marriage did to her registration
	// (妇女婚后户口未迁出者…; 离婚、丧偶后回村居住的妇女,不参与…分配).
	memberShare = lazyCompile(`(?:外嫁女|外嫁|出嫁|嫁出|嫁人|嫁到|嫁往|双女户|纯女户|入赘|上门女婿|未婚女|离婚妇女|离婚女|再婚女|再婚妇女|丧偶妇女|妇女结婚|女性结婚|女子结婚|(?:妇女|女子|女性|女儿|姑娘)婚后|离婚、丧偶)[^。；\n]{0,24}(?:分配|分红|待遇|分土地|不分|享受|享有)|(?:分配|分红|享受)[^。；\n]{0,8}(?:外嫁女|出嫁女)`)
	// What a village's members share and owe among themselves (selfRuleBody).
	villageMatters = lazyCompile(`不出(?:资|钱|工|义务工)|村民?(?:联络|微信|工作)群|村委(?:会)?(?:组织|派人|有权|没收)|` +
		`(?:牲畜|家畜|家禽|鸡鸭|牛羊|猪)[^。；\n]{0,12}(?:糟蹋|践踏|啃食|毁坏|损坏|破坏)[^。；\n]{0,8}(?:庄稼|农作物|青苗|禾苗|菜地)|` +
		`(?:土地|征地)[^。；\n]{0,6}补偿(?:款|金)|没有钱分|没钱分|不分钱|` +
		// (Round 49b, t36d.) A judgment, a report or a villager retelling
		// what a village's own body decided for its members: the body
		// (村民小组, 户主会议, 村民代表大会, 村两委, 党员大会, 社员大会), an act
		// of deciding (决定, 表决, 议定, 通过, 定了) and what only members
		// share or owe (分配, 补偿款, 待遇, 押金, 罚款, 建房, 户口) — the
		// decision 村民委员会组织法 第二十四条、第二十七条 reads as the village's
		// rule; its charter or rules quoted as ruling, their words following
		// (该村《村民自治章程》规定, 8个村的自治章程均规定“…”), not cited as a
		// basis (根据《村规民约》之规定, a township's notice); and the money or the plan of a group
		// or a village divided among members (W村民小组分配款, 第一组征地款
		// 分配方案), which no government divides. A report that only names
		// the rules (学习新修订的村规民约) reproduces none of them.
		`(?:村民小组|村民组|村小组|生产队|[一二三四五六七八九十0-9]+组|户主(?:代表)?会议?|户代表会议?|村民代表(?:大会|会议)|村民会议|村(?:两|支两)?委(?:会)?|村民委员会|党员(?:代表)?大会|社员(?:代表)?大会|成员(?:代表)?大会)[^。；\n]{0,40}?(?:决定|表决|议定|决议|通过|定了|定下|定规矩|不同意)[^。；\n]{0,40}?(?:分配|分红|分利|补偿款|补偿费|征地款|分配款|待遇|福利|押金|保证金|罚款|建房|宅基地|承包地|户口)|` +
		`(?:村民自治章程|自治章程|村规民约|村民公约|村约)》?(?:第[^。；\n，,]{1,6}条)?(?:中|均|都|也)?(?:明确)?(?:规定|载明|写明)[，,：:“"]|` +
		`(?:村民小组|村民组|村小组|生产队|[一二三四五六七八九十0-9]+组|本组|该组|全组|村集体|集体经济组织)的?(?:年终)?(?:分配款|分红款|征地款|补偿款|土地款|收益分配|(?:征地款|补偿款|补偿费|土地补偿款)?分配方案)`)
	// The residents' own voice.
	ownResidentsVoice = lazyCompile(`本小区|本楼|本社区居民|全体业主|全体居民|业主大会|业主委员会`)
	// A government speaking of itself or ordering governments: 我市, 本县,
	// 镇人民政府、街道办事处应当.
	// (Round 39t.) …or of its prefecture (我州); of the units and staff it
	// owns or governs as a whole (区属学校, 全县党政机关); charging its own
	// departments (由县教育局负责); holding cadres to political account
	// (追究…政治责任), which only the Party and the government do; and a
	// county's rule on everyone in it (长汀县凡是…).
	governmentVoice = lazyCompile(`我(?:省|市|县|区|镇|乡|州|旗|盟)|本(?:省|市|县|区)(?:[^村组社]|$)|(?:人民政府|办事处|政府|管委会)[^。，,]{0,12}应当|` +
		`(?:省|市|县|区)属(?:学校|医院|国有企业|企业|单位|部门)|全(?:省|市|县|区|州)(?:党政机关|各级|机关|干部|企事业)|由(?:省|市|县|区|镇|乡)\p{Han}{1,8}?(?:局|委员会|委|办|中心)负责|` +
		`追究[^。；\n]{0,20}(?:政治|党纪|领导)责任|(?:^|\n|[。；])\s*\p{Han}{1,6}(?:省|市|县|区|州|旗)凡`)
)

// firstTextLine is the first line of text that is not blank.
func firstTextLine(text string) string {
	if l := headLines(text, 1); len(l) > 0 {
		return l[0]
	}
	return ""
}

// headLines is the first n lines of text that are not blank, trimmed: the
// head where titles, issuers and order numbers stand. The rest of a long
// text is not cut into lines.
func headLines(text string, n int) []string {
	var lines []string
	for rest := text; len(lines) < n && rest != ""; {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// typeFromSalutation types a document that shows no title, only the
// addressees (各乡镇人民政府，县政府各部门：): a government writing to its
// subordinate governments and its departments, or to the public, does so
// in its normative documents, which every addressee must apply. A
// township's notice to its villages and offices may as well be a decision
// or a work arrangement, and stays unknown. Only the first line is read,
// and only when nothing else decided.
func typeFromSalutation(lines ...string) string {
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if !strings.HasSuffix(l, "：") && !strings.HasSuffix(l, ":") {
			continue
		}
		head := strings.TrimRight(l, "：:")
		if !salutation.MatchString(head) && !placeSalutation.MatchString(head) {
			continue
		}
		if governmentAddressees.MatchString(head) || publicAddressees.MatchString(head) {
			return "规范性文件"
		}
	}
	return ""
}

var (
	// 黄埔区各街道、镇，区府属各单位： — the issuer's place before 各.
	placeSalutation = lazyCompile(`^[\p{Han}]{1,8}(?:省|市|区|县|州|旗)各`)
	// Subordinate governments, or a government's own departments.
	governmentAddressees = lazyCompile(`(?:人民政府|政府|办事处|管委会)[^、，,]{0,4}(?:[、，,]|$)|(?:政府|府属|府直|直属|县直|市直|区直|省直)[^、，,]{0,4}(?:各部门|各单位|各工作部门|机构|单位)|各(?:市|县|区)?(?:民政局|司法局|财政局|农业农村局|组织部|局)`)
	// The public a government's 通告 speaks to.
	publicAddressees = lazyCompile(`^(?:广大|各位|全体|尊敬的)?(?:市民|居民朋友|居民群众|市民朋友)(?:们)?$`)
)

var (
	contractTerm = lazyCompile(`(?:合作|合同|协议)期(?:限|间)?内[^。；\n]{0,60}承诺`)
	contractBody = lazyCompile(`(甲方|发包方|出租方|出让方)[（(]?[^\n]{0,10}[）)]?[:：]|(乙方|承包方|承租方|受让方)[（(]?[^\n]{0,10}[）)]?[:：]`)
	// A decision names itself (自本决定印发之日起) or designates the
	// matters a government will decide under 重大行政决策程序暂行条例
	// 第三条、第六条 (确定…为…年度重大行政决策事项).
	decisionBody = lazyCompile(`(?:现|特)(?:作出|作如下)?决定|决定如下|本决定(?:自|所称|印发|发布|未尽)|确定[^。；\n]{0,60}为[^。；\n]{0,30}重大行政决策事项`)
	// (Round 51a.) A village's own rules quoted after a colon (村中的乡规民约
	// 规定:…; 本村村规民约明确：…).
	severalVillages    = lazyCompile(`各村|部分村|有的村|一些村|个别村|多个村|少数村`)
	quotedVillageRules = lazyCompile(`(?:村中|村里|村内|本村|该村|全村|\p{Han}{1,8}村)的?(?:村规民约|乡规民约|村民公约|村约)(?:中)?(?:规定|明确|写明|约定|要求)[:：]`)
	announcedRules     = lazyCompile(`(?:制定|订立|修订|通过)(?:了)?(?:以下|如下|本)[^，。；\n]{0,6}?(村规民约|乡规民约|村民公约|居民公约|社区公约|村约|公约)`)
	// A 通告 that sets rules for the public names itself as such
	// (本通告自发布之日起施行, 现就…有关事项通告如下).
	normativeBody = lazyCompile(`本(?:办法|规定|细则|实施细则|实施办法)(?:自|由)|` + noticeSelf + `|(?:决定|研究)[^。；\n]{0,60}特此通告`)
	normativeName = lazyCompile(`(?:办法|规定|细则|规则|实施意见|指导意见|意见|通知|通告|公告|方案|标准|制度|措施|若干措施|政策|若干政策|计划|行动计划|规范|守则|要点|明白纸|告示|须知|导则|(?:禁火|禁烧|禁牧|禁渔|禁猎|禁伐)令)(?:（[^）]*）)?(?:（?(?:试行|暂行|征求意见稿|草案|送审稿)）?)?$|` +
		// (Round 27.) Measures named by their count (综合措施十个一律, 八个严禁, 六条禁令).
		`(?:措施|规定|办法|要求)?[一二三四五六七八九十]+(?:个|项|条)(?:一律|严禁|禁止|不准|不得|禁令|规定|措施)$`)
	// 现将《…》印发给你们: the body of a notice that issues a document
	// whose title line was not pasted.
	issuedByBody = lazyCompile(`(?:现将|将|特将|(?:制定|修订|拟定|研究制定)(?:了)?)《([^》\n]{2,60})》[，,]?(?:现)?(?:(?:印发|转发|发)给你们|予以公布|予以印发|予以公告)`)
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
		// A villagers' group speaks as 生产队 or 本队 as often as 本组.
		"村规民约": count("村民", "本村", "村委会", "村民委员会", "本组", "村集体", "生产队", "本队"),
		// (Round 39a.) The residents' insurance schemes (城乡居民医保, 居民
		// 养老保险) are named in schools', townships' and villages' notices
		// alike: the 居民 of their names is no residents' compact's word.
		"居民公约": count("居民", "业主", "本小区", "本社区", "物业") - count("居民医保", "居民基本医疗保险", "居民医疗保险", "居民基本养老保险", "居民养老保险"),
		"合同":   count("甲方", "乙方", "出租方", "承租方", "发包方", "承包方", "双方"),
		"决定":   count("决定", "会议研究", "议定"),
		// A local regulation or a government's rules calls itself 本条例 —
		// no village, contract or decision does: the limits of normative
		// documents (what only a law may set) are read on it too.
		// (Round 47t.) …and the townships it directs as a whole (各乡镇,
		// 各乡（镇）), as it does its villages (各村): a county's 责任状 with
		// its townships speaks so, and no contract does (real-qt-5607).
		"规范性文件": count("人民政府", "办事处", "各村", "各单位", "各乡镇", "各乡（镇）", "各乡(镇)", "本办法", "本条例", "经营者", "企业"),
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
	if statuteVoice(body) {
		// A statute is the standard a review applies, not a text it
		// reviews: a law may set what a normative document may not, so no
		// type's clause rules run on it (only rules for every type and the
		// rules that follow the subjects, reach).
		return map[string]bool{TypeOther: true}
	}
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

// statuteVoice reports whether body speaks as a national law: it calls
// itself 本法 again and again and never names itself as anything a local
// body issues (本条例, 本办法, 本规定, 本细则, 本决定). A township document
// that quotes a law (条款摘录) names itself too, and is read as before.
func statuteVoice(body string) bool {
	if strings.Count(body, "本法") < 3 {
		return false
	}
	return !containsAny(body, "本条例", "本办法", "本规定", "本细则", "本决定", "本通知", "本意见", "本方案", "本公约", "本规约", "本合同", "本协议")
}

// typeFromLines reads the first lines of the text for the title: the
// lines before it (web-page metadata, a 文号, a date, a salutation, the
// issuer's name) are skipped, and an issuer's name on its own line is
// read with a title that starts 关于….
func typeFromLines(text string) string {
	issuer := ""
	for _, l := range headLines(text, 12) {
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
		if sentenceLine(l) || bodyStart.MatchString(l) || reportedAct(l) {
			// The body has begun: a title is never a sentence
			// (sentenceLine: past sixty characters, cut by full- or
			// half-width punctuation, or stating a norm), never an article
			// or a chapter, never a report of what was done.
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
	preambleLine = lazyCompile(`^(?:(?:发布|成文|印发|生效|公开|更新)(?:日期|时间)|来源|发文(?:机关|字号|单位)|索引号|主题分类|文号|信息来源|浏览(?:次数)?|点击|字号|分享|打印|关闭|签发人|附件|密级|紧急程度|特急|加急|秘密|机密|公开方式|责任部门|发布机构|所属主题|时效性|有效性)[：: ]?|^[\p{Han}]{0,12}[〔\[［(（]\s*[0-9]{4}\s*[〕\]］)）]\s*[0-9]+\s*号$|^第[0-9一二三四五六七八九十百]+号$|^[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日$|^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|^(?:首页|当前位置|您的位置)|^[>＞»]`)
	// A salutation: the addressees of a notice, ending with a colon.
	salutation = lazyCompile(`^(?:各|尊敬的|亲爱的|全体|广大)|[、，]|(?:单位|部门|同志|乡亲|村民|居民|朋友|业主)们?$`)
	// An issuer's name on its own line (东山镇人民政府, 东山村村民委员会).
	issuerLine = lazyCompile(`^(?:中共)?[\p{Han}]{1,20}(?:人民政府|办事处|委员会|村委会|居委会|村两委|村民小组|经济合作社|股份经济合作社|党委|党支部|党总支|管委会|领导小组|办公室)$`)
)

var bodyStart = lazyCompile(`^第[0-9一二三四五六七八九十百零〇]+[条章节]`)

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
	// (Round 47t.) The document's number after its name and a space
	// (…暂行办法 深光府规〔2022〕6 号) is no part of the name.
	if m := trailingDocNumber.FindStringIndex(t); m != nil && m[0] > 0 {
		t = strings.TrimSpace(t[:m[0]])
	}
	t = strings.NewReplacer("(", "（", ")", "）", "[", "【", "]", "】", "〈", "《", "〉", "》", " ", "", "\u3000", "").Replace(t)
	t = strings.TrimRight(t, "。：:；;，,")
	for _, p := range [][2]string{{"《", "》"}, {"“", "”"}, {"\"", "\""}, {"【", "】"}} {
		if strings.HasPrefix(t, p[0]) && strings.HasSuffix(t, p[1]) && strings.Count(t, p[0]) == 1 {
			t = strings.TrimSuffix(strings.TrimPrefix(t, p[0]), p[1])
		}
	}
	// (Round 33, t19b.) A repost's title: a place or a source and then the
	// document's own title in 《》 (安徽祁门《关于河道采砂禁采期的公告》).
	if m := sourcedTitle.FindStringSubmatch(t); m != nil {
		t = m[1]
	}
	// (Round 38t.) A web column's name before a bar.
	if m := columnPrefix.FindStringIndex(t); m != nil && m[1] < len(t) {
		t = strings.TrimSpace(t[m[1]:])
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
	t = draftName.ReplaceAllString(t, "$1")
	return strings.TrimSpace(t)
}

// trailingDocNumber is a 文号 after a title and a space.
var trailingDocNumber = lazyCompile(`[ \x{3000}]+[\p{Han}]{0,10}[〔\[［(（]\s*[0-9]{4}\s*[〕\]］)）]\s*[0-9]+\s*号$`)

// interpretationTag is a leading 【…解读】 tag (【文字解读】, 【政策解读】,
// 【图解】).
var interpretationTag = lazyCompile(`^【[^】]{0,6}(?:解读|图解)】`)

// columnPrefix is a web page's column name before a bar (文明妙峰 | …).
var columnPrefix = lazyCompile(`^[^|｜丨]{1,12}[|｜丨]`)

// draftName is a name with its draft's mark not in brackets (…选举办法草案,
// …公约征求意见稿): the mark is dropped as （草案） is.
var draftName = lazyCompile(`(办法|规定|细则|规则|公约|规约|章程|方案|决定|守则)(?:修订草案|草案|征求意见稿|送审稿)$`)

// sourcedTitle is a title in 《》 after a short place or source name with
// no verb of its own (安徽祁门《…公告》); 印发《…》的通知 does not match it.
var sourcedTitle = lazyCompile(`^[\p{Han}]{2,8}《((?:关于)[^《》]{2,60}(?:通知|通告|公告|决定|办法|规定|意见|方案|细则))》$`)

// trailingNote is an annotation in brackets after the name (at most 15
// characters): 节选, 草案, 征求意见稿, 试行, 2024年修订, 范本, 第二次修订稿.
var trailingNote = lazyCompile(`[（【][^（）【】]{1,15}[）】]$`)

// repealTitle is a notice or decision that repeals, ends or suspends
// documents in force (关于废止《…》的通知, 关于宣布失效一批规范性文件的通知).
var repealTitle = lazyCompile(`关于(?:废止|宣布废止|宣布失效|停止执行|暂停执行|修改和废止|废止和修改)[^。]*(?:通知|决定|公告|通告)$`)

// The title of a notice that issues or forwards another document: its
// type is the issued document's.
// (Round 47t.) A note in brackets may stand after the issued title
// (关于印发《…专项应急预案》(2022年版)的通知).
var issuingTitle = lazyCompile(`(?:印发|转发|颁布|公布|下发|发布|发放)《([^》]{2,80})》(?:（[^（）]{1,15}）)?(?:的)?(?:通知|通告|公告|决定)?$`)
var issuingPlain = lazyCompile(`(?:印发|转发|颁布|下发)([^《》]{2,60}?)的(?:通知|通告|公告)$`)

// notReviewed names texts that are none of the five kinds a township
// review types: the acts of a procurement or an auction of a right (招标公告,
// 比选的通知, 采矿权拍卖出让公告, 接受…报名的公告), calls for clues or
// opinions (征集…线索的公告), reports and
// results (审计结果公告, …情况的通告, 名单公示), consultations and
// leaflets, the legislature's texts, and a government's rules for its own
// work (工作规则, 议事规则, 换届选举工作方案, 河长制-type duty systems), which
// set no rights or duties of the public (国办发〔2018〕37号).
var notReviewed = lazyCompile(`(?:招标|采购|比选|参选|报名|询价|磋商|谈判|竞价|中标|成交|入围|拍卖|出让|挂牌|竞买|竞拍|遴选|招租|流标|废标|单一来源|采购意向)(?:代理机构|销售|出售|出租|转让|处置)?的?(?:公告|公示|通知|结果)$|征集[^。]{0,24}(?:线索|意见|建议)的?(?:公告|通知|启事)$|` +
	// (Round 33, t18 and t19.) A call for the public's proposals by what it
	// collects (征集2023年松门镇民生实事项目, 征集…重大行政决策建议项目的公告,
	// 诚邀您为…规划建言献策), a body's report of its own work (…工作总结,
	// 工作情况报告), and the names a body proposes put up for comment
	// (道路命名公示; 地名管理条例 has names publicised before they are
	// approved): none sets a rule of its own.
	`征集[^。]{0,30}(?:建议项目|实事项目|民心工程项目)(?:意见建议|意见|建议)?的?(?:公告|通知|启事)?$|(?:诚邀|邀请|欢迎)[^。]{0,16}建言献策|工作总结$|工作情况报告$|(?:命名|更名|地名)[^。]{0,8}公示$|解读(?:如下)?$|说明$|审计结果公告$|(?:情况|结果)的?通告$|名单公示$|` +
	// (Round 24.) A consultation on a draft or a project (征求意见的公告,
	// 征求公众意见的通知, 公开征求《…》意见的公示) asks for opinions; the
	// draft's own clauses still run, as under every 其他 (Engine.Review).
	`征求[^。]{0,60}?意见(?:建议)?的?(?:公告|通告|通知|公示|启事)$|知识明白纸$|` +
	// (Round 38t.) A bulletin of a body's work (工作简报) reports, and a
	// request to a superior (…的请示) asks: neither lays down a rule or
	// disposes of anyone (党政机关公文处理工作条例 第八条 names 请示 apart
	// from 决定, 通知 and 通告).
	`简报(?:（[^）]*）)?$|请示$|` +
	// (Round 38t.) A body hiring staff (公益性岗位招聘人员公告), buying a
	// service or naming a procurement project (…采购项目), calling for
	// complaints and reports (关于举报…问题的通告, 投诉举报渠道的通告), or
	// announcing its own spot checks (专项抽查的公告) acts once or asks;
	// a road shut for works (道路实行封闭施工的通告) is a temporary
	// arrangement of the works; a reference catalogue (村务公开事项参考
	// 目录) guides. None lays down a rule of its own.
	`招聘[^。]{0,20}(?:公告|公示|简章)$|采购项目$|购买[^。]{0,20}服务的?(?:公告|公示)$|举报[^。]{0,30}(?:问题)?的?(?:通告|公告)$|投诉举报渠道的?(?:通告|公告)$|抽查(?:工作)?的?(?:公告|通告)$|实行(?:全)?封闭(?:式)?施工的?(?:通告|公告)$|参考目录$|` +
	`征集[^。]{0,30}(?:惠民实事|民生实事)[^。]{0,6}(?:的)?(?:通告|公告|通知)$|(?:实事|建议)项目征集工作的?通知$|` +
	// A letter to the public (致村民的一封信, 警示公开信): it informs and
	// asks (letterOrAppeal reads the same in a body).
	`一封信$|公开信$|` +
	// A body's own working mechanism (…市场准入制度工作机制（试行）的通知),
	// like its 工作制度 below, binds its staff and the offices it
	// coordinates, not the public.
	`工作机制(?:（试行）|（暂行）)?的?通知$|(?:人民代表大会|人大常委会|人大)[^关]{0,10}(?:公告|决议|决定|关于)|(?:工作规则|议事规则)$|换届选举|(?:河|湖|田|林|山|路)长制(?:[^办]|$)` +
	// (Round 20.) A letter that gives an opinion
	// or asks (指导意见函, 征求意见函, 商请函) decides nothing (decidingLetter
	// types those that do); an office's own working systems (…工作制度, the
	// 行政执法三项制度 of 国办发〔2018〕118号) bind its staff, not the public
	// (国办发〔2018〕37号 leaves 内部执行的管理规范、工作制度 out).
	`|(?:意见|商请|咨询|联系|邀请|提醒|催办)函$|工作制度$|(?:执法公示|全过程记录|法制审核)制度$|三项制度”?$` +
	// (Round 24.) An emergency plan (应急预案, 总体预案, …启用预案) arranges
	// how the government and its offices respond (突发事件应对法): it sets
	// no rule for the public, and 重大行政决策程序暂行条例 第三条第三款 leaves
	// emergency decisions out of the major decisions.
	`|预案$|预案的通知$` +
	// (Round 27.) A township's notice that names who watches a hazard or
	// keeps the duty roster (落实防灾责任人和监测人的通知, 明确汛期值班…责任人
	// 的通知) or tells its staff to get ready for a storm (关于做好…强降雨
	// 防范工作的紧急通知) arranges the government's own work (突发事件应对法,
	// 防洪法): like an emergency plan it sets no rule for the public.
	`|(?:责任人|监测人|值班人员|值守人员)[^。]{0,10}的?通知$|(?:防范|防御|抢险|防汛|抗旱|避险)(?:应对)?工作的紧急通知$` +
	// (Round 39t.) An order to evacuate people from a flood zone (紧急下发
	// 撤离行洪区村庄四类人员的通知) is the emergency response itself, sent
	// to the bodies that carry it out, as a plan's measures are.
	`|(?:撤离|转移)[^。]{0,24}(?:人员|群众|村民|居民)的?(?:紧急)?通知$` +
	// (Round 39t.) A body's answer to a deputy's proposal (…第9号建议的
	// 复函, 关于…建议的答复): it reports what the body did or will do about
	// the proposal and binds no one (代表法 第十四条 calls it 答复).
	`|(?:建议|提案|议案)(?:的)?(?:答复|复函|答复函)$` +
	// (Round 39t.) A procurement's intentions made public (政府采购意向) and
	// a call for one body to undertake a task (征集科技业务咨询服务承担单位)
	// belong with the acts of a procurement above, and so does a title
	// that names only a project (视频云解析平台项目（二次）): the project's
	// tender papers follow it. A 财政 body's decision on a procurement
	// complaint (政府采购投诉处理决定书) stays with them too, as a 决定书
	// otherwise does not (typeFromName).
	`|采购意向(?:公开)?$|项目$|(?:政府采购|招标|投标)[^。]{0,20}决定书$|征集[^。]{0,30}(?:承担单位|承办单位|实施单位|服务机构)的?(?:公告|通知)$`)

// newsHeadline reports a news report's headline: a source or place with a
// colon before it (泰顺:筱村镇落实…), or a report of what someone did
// (…开展《村规民约》宣讲活动, …发布…地方标准), where a document's title
// names the document.
func newsHeadline(t string) bool {
	if newsSource.MatchString(t) && !fieldLabel.MatchString(t) {
		return true
	}
	t = unquote(t)
	return !strings.Contains(t, "关于") && newsVerb.MatchString(t) && !documentEnd.MatchString(t)
}

// unquote drops the marks around names and catchwords (《村规民约》,
// “约”出): what is left is the words.
func unquote(t string) string {
	return strings.NewReplacer("《", "", "》", "", "“", "", "”", "", "\"", "", "'", "", "‘", "", "’", "").Replace(t)
}

var (
	// (Round 33, t19a.) Village rules put into verse are named by the verse's
	// form (村规民约三字经, 村规民约七字歌, 村规民约顺口溜).
	villageRulesEnd = lazyCompile(`(?:村规民约|乡规民约|村民公约|自治章程|村约|款约|寨规)(?:内容|全文|条款|文本|范本|样本|修订稿|草案|[三四五六七]字(?:经|歌|诀|文|句)|顺口溜|歌谣|歌诀|快板|童谣|之歌|歌)?$`)
	// The bare name of a notice, which any body may issue.
	genericName = lazyCompile(`^(?:重要|紧急|特别)?(?:通知|公告|通告|告示|告知书|通知书)$`)
	newsSource  = lazyCompile(`^[\p{Han}]{2,8}[:：]\s*\S`)
	fieldLabel  = lazyCompile(`^(?:甲方|乙方|丙方|丁方|发包方|承包方|出租方|承租方|出让方|受让方|委托方|受托方|买方|卖方|转出方|转入方|来源|时间|日期|地址|附件|主题|标题|文号|索引号|发布机构|发文机关|记者|作者|编辑|联系人|电话|签订地点)\s*[:：]`)
	newsVerb    = lazyCompile(`(?:开展|落实|解读|宣讲|召开|举办|启动|助力|涵养|打造|探索|走进|亮相|点赞|筑牢|绘就|约出|发布|出台|推出|组织召开)`)
	documentEnd = lazyCompile(`(?:村规民约|乡规民约|公约|章程|决定|决议|通知|通告|公告|告示|办法|规定|细则|方案|意见|守则|须知|明白纸|纪要|制度|措施|计划|规划|合同|协议|协议书|合同书|批复)$`)
	// A village's land, income or compensation divided by a plan or a rule.
	// Collective income (集体收入) and expropriation money (征收分配方案,
	// 征地补偿分配) are divided among members by the same kind of plan.
	villageFundName = lazyCompile(`(?:土地|集体经济|集体收益|集体收入|经济收益|收益|收入|分红|补偿款|补偿费|补偿|征地款|征收|征地|征用|拆迁|安置|股权|股份)[^。]{0,12}(?:分配|分红)[^。]{0,4}(?:方案|办法|规定|细则|决议)$`)
	// The rules of a village's collective economic organisation, or of its
	// group chat, or addressed to villagers as such.
	// (Round 39t.) …whose 章程 may name the shares it sets (XX经济联合社股份章程).
	// (Round 49b, t36a.) …and the model charter such an organisation adopts
	// (农村集体经济组织示范章程, …股份合作经济社示范章程(试行), 章程范本): the
	// text is the collective's rules whoever drafted the model (农村集体经济
	// 组织法 第二十条 has its 成员大会 adopt the 章程); a notice that issues
	// the model is the government's (issuedType). So are the 章程 of the
	// village's own councils for weddings and funerals or its affairs
	// (村级红白理事会章程, 村民议事会章程), which 村民委员会组织法 第七条
	// places under the village; a model essay's 篇一 is no part of the name.
	villageOwnName = lazyCompile(`(?:股份合作经济联合社|股份合作经济社|经济联合社|股份经济合作联合社|股份经济合作社|经济合作社|集体经济组织)(?:股份|股权)?(?:示范)?章程(?:范本|示范文本|样本|模板|范文)?(?:篇[一二三四五六七八九十]+)?$|^(?:[^。]{0,12}村|村级|村民)[^。]{0,6}?(?:红白理事会|红白喜事理事会|村民议事会|道德评议会|禁毒禁赌协会|禁赌禁毒协会)章程(?:范本|示范文本|样本|范文)?(?:篇[一二三四五六七八九十]+)?$|^(?:村群|村民群|村微信群|组群)[^。]{0,6}(?:规定|规则|公约|守则|须知)$|^(?:村民|社员)(?:文明)?(?:守则|须知|约定)$`)
	// Rules addressed to residents as such (住户守则, 业主须知).
	residentsOwnName = lazyCompile(`^(?:住户|业主|居民|楼栋)(?:文明)?(?:守则|须知|约定|规约)$`)
	// A government's plans are major decisions (重大行政决策程序暂行条例
	// 第三条): 发展规划, 总体规划.
	decisionName = lazyCompile(`规划(?:（[^）]*）)?(?:暨[^。]{0,20})?$|重大行政决策事项(?:目录)?(?:的(?:公告|通知|通告))?$|(?:项目|工程)[^。]{0,30}(?:征收|搬迁|拆迁)[^。]{0,6}(?:补偿|安置)[^。]{0,4}方案$`)
)

// issuedType is the type of a document issued by a notice. Issuing rules
// as a 办法 or 规定 by notice is the form of an administrative normative
// document, whoever the issuer: a village committee that does so is
// reviewed as issuing a 规范性文件 (nd-issuer-village). A document named
// as a 村规民约, 公约, 合同 or 决定 keeps its own type.
func issuedType(inner string) string {
	typ := typeFromName(inner, false)
	switch {
	case typ == TypeOther:
		return TypeOther
	case strings.HasSuffix(normTitle(inner), "告知书"):
		// (Round 39t.) A 告知书 handed out (宣传发放《…取暖安全告知书》的
		// 通知) tells households of risks and what to do: it informs, as a
		// letter does, and lays down no rule of its own.
		return TypeOther
	case typ == "":
		return "规范性文件"
	case (typ == "村规民约" || typ == "居民公约") && modelText.MatchString(normTitle(inner)):
		// (Round 49b, t36a.) A model of a village's or a collective's
		// rules (示范章程, 村规民约范本) issued by a notice is the issuing
		// government's guidance for every village it addresses (参照执行):
		// its normative document; the village's own adoption of the model
		// is the village's rule.
		return "规范性文件"
	case (typ == "村规民约" || typ == "居民公约") && !containsAny(normTitle(inner), "村规民约", "村民公约", "公约", "章程", "村约", "款约", "寨规", "规约"):
		return "规范性文件"
	}
	return typ
}

// firmGrantTitle is a notice granting one named firm a right to run or
// build something (关于某某有限公司独家经营…的通知).
var firmGrantTitle = lazyCompile(`^关于(?:同意|批准|授予|确定|授权|由)?[^。，,]{2,30}?(?:有限责任公司|有限公司|股份有限公司|集团公司|集团)(?:独家|特许|统一|负责)?(?:经营|运营|承建|建设|开发|投资建设)[^。，,]{0,30}的(?:通知|批复|决定|函)$`)

// insurancePlan is a plan for the residents' state insurance (城乡居民医疗
// 保险征缴工作方案, 城镇居民医疗保险方案).
var insurancePlan = lazyCompile(`居民(?:基本)?(?:医疗保险|医保|养老保险)[^。》]{0,12}方案`)

// modelText is the name of a model text (示范章程, 章程范本, 示范文本).
var modelText = lazyCompile(`示范章程|示范文本|范本|参考文本|指导文本|示范稿`)

// sentenceLine reports whether a first line is a sentence of the body
// rather than a title: too long for one, cut by sentence punctuation, or
// a norm (应当, 必须, 不得), which no headline states.
func sentenceLine(l string) bool {
	return utf8.RuneCountInString(l) > 60 || strings.ContainsAny(l, "，。；,;") || normLine(l)
}

// reportedAct reports a line that tells of something done, with the
// perfective 了 (使用了, 造成了): a document's title names the document
// and what it is about, it does not narrate. 了解, 了结 and 为了, 除了 are
// other words.
func reportedAct(l string) bool {
	return perfectiveLe.MatchString(l)
}

var perfectiveLe = lazyCompile(`(?:^|[^为除])了(?:[^解结断却]|$)`)

// normLine reports a line that states a norm (应当, 必须, 不得): no title
// or headline does.
func normLine(l string) bool {
	return containsAny(l, "应当", "必须", "不得")
}

func typeFromTitle(raw string) string {
	return typeFromName(raw, true)
}

// typeFromName types a title; news tells whether a news headline is
// possible (not for the name of a document issued by a notice: 关于印发
// 某县加快打造…五条政策的通知 issues a policy, whatever verb its name uses).
func typeFromName(raw string, news bool) string {
	if isPreamble(strings.TrimSpace(raw)) {
		// A salutation names the addressees, not the document
		// (typeFromSalutation reads it when nothing else decides).
		return ""
	}
	if interpretationTag.MatchString(strings.TrimSpace(raw)) {
		// (Round 38t.) 【文字解读】关于印发《…》的通知: the page explains the
		// document it names (解读$ below); normTitle would drop the tag.
		return TypeOther
	}
	t := normTitle(raw)
	if t == "" || genericName.MatchString(t) {
		// 通知, 重要通知, 公告: the name of any notice, by anyone.
		return ""
	}
	if m := consultationTitle.FindStringSubmatch(t); m != nil {
		// (Round 24.) A consultation carries the draft a review reads: a
		// draft named as a normative document, a decision or a contract
		// is reviewed as one; a consultation on a project or anything
		// else is 其他.
		inner := m[1] + m[2]
		if typ := typeFromName(inner, false); typ != "" && typ != TypeOther && !consultationTitle.MatchString(normTitle(inner)) {
			return typ
		}
		return TypeOther
	}
	if m := consultationSuffix.FindStringSubmatch(t); m != nil {
		// (Round 47t.) A consultation named by its draft and then what is
		// done with it (…奖励办法（征求意见稿）公示, …的通知（征求意见稿）公开
		// 征求意见, 关于印发《…》的意见征集公告, 关于《…》草案的公示公告) is
		// typed as consultationTitle's are: by the draft it carries
		// (classify types it 其他 when the text shows the wrapper alone).
		if typ := typeFromName(strings.TrimPrefix(m[1], "关于"), false); typ != "" && typ != TypeOther {
			return typ
		}
		return TypeOther
	}
	if rewardReport.MatchString(t) && !newsHeadline(t) {
		// (Round 47t.) A scheme that pays for reports (关于野外用火有奖举报
		// 的通告, 实行…举报有奖的通告) grants money to whoever reports, by a
		// standing rule applied to every report: the government's normative
		// document, as its 举报奖励办法 is. A call for reports with no reward
		// (关于举报…问题的通告) only asks (notReviewed).
		return "规范性文件"
	}
	if m := assemblyRules.FindStringSubmatch(t); m != nil {
		// (Round 47t.) The rules of procedure of the owners' or the
		// villagers' own assembly (业主大会议事规则) are that community's
		// rules: 物业管理条例 第十一条、第十八条 have the 业主大会 adopt its
		// 议事规则, 村民委员会组织法 第二十一条、第二十七条 give the 村民会议 its
		// own. A government's 议事规则 binds its staff (notReviewed).
		if m[1] == "村民会议" || m[1] == "村民代表会议" {
			return "村规民约"
		}
		return "居民公约"
	}
	if notReviewed.MatchString(t) || news && newsHeadline(t) {
		return TypeOther
	}
	if repealTitle.MatchString(t) {
		// Repealing a document (关于废止《…管理办法》的通知) disposes of it
		// once; it issues no rules of its own, whatever it names.
		return "决定"
	}
	for _, re := range []*lazyRegexp{issuingTitle, issuingPlain} {
		if m := re.FindStringSubmatch(t); m != nil {
			return issuedType(m[1])
		}
	}
	level := issuerLevel(t)
	switch {
	// A village's rules by any of their names; a government's opinion or
	// plan about village rules (关于做好村规民约和居民公约工作的指导意见) is the
	// government's own normative document.
	// A news headline that mentions them (村规民约“约”出新风尚) does not end
	// with a document's name.
	case containsAny(t, "村规民约", "乡规民约", "村民公约", "村民自治章程", "村约", "款约", "寨规") &&
		(level == levelVillage || !normativeName.MatchString(t)) && (villageRulesEnd.MatchString(unquote(t)) || documentEnd.MatchString(unquote(t))):
		return "村规民约"
	case containsAny(t, "队委", "组委会", "村民会议", "村民代表会议", "村两委", "村民小组") && (strings.HasSuffix(t, "决议") || strings.HasSuffix(t, "决定") || strings.HasSuffix(t, "记录")):
		// A village group's or committee's resolution is its members' rule.
		return "村规民约"
	case villageFundName.MatchString(t) && level != levelGovernment && level != levelResidents:
		// The distribution of a village's land, income or compensation is
		// the village's (its members') decision whoever drafted it.
		return "村规民约"
	case villageOwnName.MatchString(t):
		return "村规民约"
	case residentsOwnName.MatchString(t):
		return "居民公约"
	case containsAny(t, "居民公约", "居民自治章程", "小区公约", "社区公约", "业主公约", "管理规约") && (level == levelResidents || !normativeName.MatchString(t)):
		return "居民公约"
	// A 公约 named with words between (锦华苑小区居民文明公约, 石桥村文明公约)
	// is still the community's or the village's own 公约.
	case strings.HasSuffix(t, "公约") && level == levelGovernment && !containsAny(t, "居民", "市民", "村民", "社区", "小区", "业主", "楼栋", "村"):
		// (Round 47t.) A 公约 under a township's or a county's name (招束沟镇
		// 护林防火公约, made by the 镇's 护林防火委员会 for everyone in it) is
		// the government's rule in a covenant's name: no village or estate
		// made it, and it binds everyone in the area, as a 通告 does.
		return "规范性文件"
	case strings.HasSuffix(t, "公约") && containsAny(t, "居民", "小区", "社区", "业主", "楼栋", "街道"):
		return "居民公约"
	case strings.HasSuffix(t, "公约") && strings.Contains(t, "村"):
		return "村规民约"
	// A 公约 of a named estate (东邑锦苑文明公约): residents make 公约, a
	// government does not.
	case covenantOnlyName.MatchString(t) || namedCivicCode(t):
		// (Round 24.) 幸福公约, 文明公约: no community is named; the body
		// decides (classify, covenantOnly).
		return ""
	case strings.HasSuffix(t, "公约") && !containsAny(t, "国际", "行业", "协会", "联盟", "商会"):
		return "居民公约"
	case contractTitle.MatchString(t):
		return "合同"
	}
	switch {
	case strings.HasSuffix(t, "批复"), strings.HasSuffix(t, "决定书"), strings.Contains(t, "清理结果"):
		// A reply granting or refusing a request, and the result of a
		// review of normative documents (kept, amended, repealed), are
		// decisions; so is (round 39t) a 决定书 served on a party
		// (行政处理决定书, 行政处罚决定书), however bare its title.
		return "决定"
	case decisionName.MatchString(t):
		return "决定"
	case decidingLetter.MatchString(t):
		return "决定"
	case applicationReply.MatchString(t):
		// (Round 38t.) A reply to a named person's application (关于某某
		// 申请政府信息公开的答复) grants or refuses it: a decision on that
		// person, as a 批复 is on a body's request.
		return "决定"
	case strings.HasSuffix(t, "纪要"):
		// Minutes record what a meeting decided: a village body's minutes
		// are the village's own rules, a government's are its decisions.
		// Minutes of a meeting no one is named for decide nothing here.
		switch {
		case level == levelVillage || containsAny(t, "村民会议", "村民代表会议", "村两委", "队委", "组委会"):
			return "村规民约"
		case level == levelResidents || containsAny(t, "居民会议", "居民代表会议", "业主大会"):
			return "居民公约"
		case level == levelGovernment || governmentMeeting.MatchString(t) || strings.HasPrefix(t, "关于研究"):
			return "决定"
		}
		return ""
	case level == levelVillage && selfRuleName.MatchString(t):
		return "村规民约"
	case level == levelResidents && selfRuleName.MatchString(t):
		return "居民公约"
	case strings.HasSuffix(t, "倡议书") || strings.HasSuffix(t, "倡议"):
		// (Round 38t.) An appeal by anyone but a village or a community
		// (乡“弘扬文明新风”倡议书) asks; it binds no one. A village's own
		// 倡议书 is typed above.
		return TypeOther
	case strings.HasSuffix(t, "承诺书") || strings.HasSuffix(t, "保证书"):
		// (Round 28, t14a.) An undertaking that an operator or a person
		// signs (烟花爆竹经营（批发）安全承诺书) is their pledge, not a rule an
		// issuer lays down, whatever it promises to carry out (…决定): 其他,
		// and every rule reads it. A village's own 承诺书 is typed above.
		return TypeOther
	case responsibilityLetter.MatchString(t):
		// (Round 47t.) A responsibility letter (目标责任书, 门前三包责任书,
		// 森林防火责任状) is signed by both sides — a county and its
		// townships, a township and its villages, a village or a 社区 and
		// each household or shop — and assigns targets and duties for a
		// season's campaign, as 承诺书 pledge them: none of the five, and
		// every rule reads it, whoever signs first (the village's too).
		return TypeOther
	case guideName.MatchString(t):
		// (Round 47t.) A guide (办事指南, 申报指南, 办理指南) tells how to
		// apply under rules set elsewhere — it names them as its 设定依据 —
		// and sets none of its own: 其他, and every rule reads it (real-qt-
		// 3106; real-qt-2960 and real-qt-5544 read so by their bodies).
		return TypeOther
	case reminderName.MatchString(t):
		// (Round 47t.) A reminder (温馨提示, 紧急提示, 重要提示) tells people
		// of the rules others made and of the risks; it lays down none of
		// its own, whether an estate's 物业 or a government sends it
		// (classify reads a government's that binds).
		return TypeOther
	case orderName.MatchString(t):
		// (Round 47t.) A numbered order of an emergency headquarters (…防控
		// 指挥部6号令, 指挥部令) binds everyone in its area for the emergency
		// (突发事件应对法 第四十九条、第五十条 measures): the headquarters'
		// normative document. A 人民政府令 (规章) is read by governmentRules.
		return "规范性文件"
	case t == "决议" || t == "会议记录" || strings.HasSuffix(t, "会议记录") && level != levelGovernment:
		// A bare resolution or meeting record reaching a township review is
		// a village's or a group's: a government decides by 决定 and
		// records its meetings in 纪要.
		return "村规民约"
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

var issuerBody = lazyCompile(`^(?:村民委员会|村委会|村两委|居民委员会|居委会|村民小组|村民会议|村民代表会议|居民会议|经济合作社|股份经济合作社|党支部|党总支|红白理事会|理事会|队委会|组委会|物业服务中心|业主委员会|关于)`)

// decidingLetter is a letter (函, 告知函, 告知书) whose title says it disposes
// of something — names an operator, refuses or revokes a licence, stops an
// activity: an office's decision on the addressee's rights whatever the
// form it was sent in. A letter that asks, replies or gives an opinion
// (…的指导意见函, 征求意见函) decides nothing.
var decidingLetter = lazyCompile(`^关于(?:明确|确定|指定|不予|同意|准予|撤销|吊销|注销|终止|停止|取消|暂停|责令|收回|限期)[^。]{0,40}(?:告知函|函|告知书|通知书|决定书)$|` +
	// (Round 38t.) A notice that appoints or removes named persons (关于
	// 陈某等同志职务任免的通知) or revokes a named body's registration or
	// licence (关于撤销某小区业主委员会备案登记的通知) disposes of them once,
	// whatever form carries it: 国办发〔2018〕37号 leaves 人事任免 and such
	// acts out of the normative documents.
	`^关于[^。]{0,30}(?:职务任免|任免职|任职|免职|职务调整)[^。]{0,6}的(?:通知|决定|通报)$|^关于(?:撤销|吊销|注销|不予|准予)[^。]{0,40}(?:登记|备案|资格|许可|执照|许可证|证书|称号)的通知$`)

// applicationReply is the title of a reply to an application.
var applicationReply = lazyCompile(`^关于[^。]{1,30}申请[^。]{0,30}的(?:答复|答复书|答复意见)$`)

// governmentMeeting names the meetings where a government decides: the
// executive meeting, the head's office meeting, joint Party and government
// meetings, special-topic meetings of the government.
// (Round 38t.) A 管理委员会's meeting (开发区管理委员会会议纪要) is a
// government's — the 管委会 exercises the powers its government gives it —
// and a 专题会议 is the form a government's head calls on one matter;
// a village's bodies meet as 村民会议, 村两委会 or 队委会.
var governmentMeeting = lazyCompile(`(?:县|市|区|州|旗|镇|乡)长办公会|(?:政府)?常务会议|政府全体会议|党政联席会|政府专题会|专题会议|(?:管理委员会|管委会)(?:第[^。]{0,8}次)?(?:主任)?会议|主任办公会|党委会|办公会议|协调会|联席会议|调度会|现场办公会`)

// contractTitle: 合同, 合同书, 协议, 协议书, 特许经营协议, 契约, 合同（范本）
// and a contract's annexes named as such.
// (Round 28, t14a.) A confirmation of a deal struck at an auction, a
// listing or a tender (海域使用权挂牌出让成交确认书) binds both sides to sign and
// pay: 拍卖法 第五十二条 and the 挂牌出让 rules give it a contract's force, and
// the courts read it as an administrative agreement.
var contractTitle = lazyCompile(`(?:合同|合同书|协议|协议书|契约|合约|承包书|租约|合同文本|协议文本|(?:成交|出让|拍卖|挂牌|竞得|竞买)确认书)$|合同（|协议（`)

// selfRuleName is the name of an instrument a village or community makes
// for itself, whatever it is called.
var selfRuleName = lazyCompile(`(?:守则|明白纸|决议|决定|分配方案|方案|告示|通知|公告|通告|公示|规定|办法|制度|细则|章程|须知|约定|规矩|承诺书|实施意见|管理规定)$`)

// (Round 47t.) An appeal (倡议书) is left out of selfRuleName: a village's
// or an estate's appeal asks, as a township's does (real-qt-5913 璧头村
// “倡俭抑奢”倡议书, real-qt-7811), and binds no one; the case below types
// every appeal 其他.

var (
	// responsibilityLetter: 目标责任书, 门前三包责任书, 森林防火责任状.
	responsibilityLetter = lazyCompile(`责任(?:书|状)$`)
	// guideName: 办事指南, 申报指南, 办理指南, 服务指南.
	guideName = lazyCompile(`(?:办事|办理|申报|申请|服务|操作|兑现)指南$`)
	guideBody = lazyCompile(`本指南(?:规定|适用|所称)`)
	// reminderName: 温馨提示, 紧急提示, 重要提示, 安全提示, or 提示 alone.
	reminderName = lazyCompile(`(?:温馨|紧急|重要|安全|特别|友情)?提示$`)
	// orderName: an emergency headquarters' numbered order.
	orderName = lazyCompile(`(?:指挥部|领导小组|指挥所)(?:第?[0-9０-９一二三四五六七八九十百]+号)?令$|^第?[0-9０-９一二三四五六七八九十百]+号令$`)
	// consultationSuffix: a draft's name, its draft mark, then the
	// consultation (…（征求意见稿）公示, 关于印发《…》的意见征集公告).
	consultationSuffix = lazyCompile(`^(.{2,100}?)(?:（(?:征求意见稿|草案|送审稿|意见征求稿)）(?:公示公告|公示|公告|公开征求意见|征求意见)|草案的?(?:公示公告|公示)|的?意见征集(?:公告|通知|公示)?)$`)
	// rewardReport: a notice of rewards for reports.
	rewardReport = lazyCompile(`(?:有奖举报|举报有奖|举报奖励|奖励举报)[^。]{0,30}(?:通告|公告|通知|办法|规定|细则)$`)
	// assemblyRules: the rules of procedure of a community's own assembly.
	assemblyRules = lazyCompile(`(业主大会|业主委员会|居民会议|居民代表会议|村民会议|村民代表会议)[^。]{0,6}议事规则$`)
)

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
var issuerChain = lazyCompile(`^(?:中共)?(?:[\p{Han}0-9一二三四五六七八九十]{1,6}?(?:省|自治区|自治州|市|州|盟|县|旗|区|镇|乡|街道|街办|村|社区|居委会|村委会|村民委员会|居民委员会|村民小组|组|屯|寨|小区|经济合作社|股份经济合作社|经联社|生产队))+`)

var notPlace = map[string]bool{"农": true, "乡": true, "城乡": true, "新农": true, "各": true, "全": true, "本": true, "该": true, "我": true, "外": true, "城": true, "山": false,
	// Kinds of estate, not an estate's name (周浦镇住宅小区物业服务补贴…办法 is
	// the 镇's rules about estates).
	"住宅": true, "老旧": true, "商品房": true, "居住": true,
	// Function words before 村 (以村规民约为…, 在村里): no place is named.
	"以": true, "在": true, "与": true, "对": true, "向": true, "和": true, "及": true, "为": true, "由": true, "从": true, "到": true}

func issuerLevel(t string) issuerKind {
	if strings.HasPrefix(t, "关于") { // 关于… titles name no issuer
		return levelNone
	}
	tier, after, ok := readChain(t)
	if !ok {
		return levelNone
	}
	// The last unit of the chain sets the level.
	last := tierLevel(tier)
	// A government body named after the chain (东山镇人民政府) is the
	// government whatever place it is in; a village body is the village.
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

// tierLevel is the level of an issuer chain's last unit: levelNone when
// no unit was read.
func tierLevel(tier string) issuerKind {
	switch tier {
	case IssuerCounty, IssuerTownship:
		return levelGovernment
	case IssuerVillage:
		return levelVillage
	case unitResidents:
		return levelResidents
	}
	return levelNone
}

// unitResidents is the tier of a residents' unit (社区, 居委会): a
// self-government body like a village's, told apart for typing.
const unitResidents = "居"

// unitTier is the level of one unit of an issuer chain.
func unitTier(unit string) string {
	switch unit {
	case "省", "自治区", "自治州", "市", "州", "盟", "县", "旗", "区":
		return IssuerCounty
	case "镇", "乡", "街道", "街办":
		return IssuerTownship
	case "社区", "居委会", "居民委员会", "小区":
		return unitResidents
	}
	return IssuerVillage
}

// readChain reads the chain of places a title starts with, in the part
// before 关于: the tier of its last unit ("" when no unit was read), the
// text after the units read, and whether the title starts with a chain.
func readChain(t string) (tier, after string, ok bool) {
	head := t
	if i := strings.Index(head, "关于"); i >= 0 {
		head = head[:i]
	}
	m := issuerChain.FindString(head)
	if m == "" {
		return "", "", false
	}
	// (Round 38t.) A place named with 屯, 寨 or 村 inside it (军屯乡): the
	// shortest reading stops at the village unit, but a village is never
	// followed by its township, so the name runs on to 乡 or 镇.
	for villageThenTownship(m, head[len(m):]) {
		m = head[:len(m)+len("乡")]
		m += issuerChain.FindString(head[len(m):])
	}
	// (Round 44c, t31c2.) A county named with 乡 or 镇 inside it (内乡县,
	// 东乡县, 安乡县): the shortest reading stops at the township, but a
	// township is never followed by its county, so the name runs on to 县.
	for townshipThenCounty(m, head[len(m):]) {
		m = head[:len(m)+len("县")]
		m += issuerChain.FindString(head[len(m):])
	}
	units, rest := chainUnits(m, head[len(m):])
	if len(units) > 0 {
		tier = unitTier(units[len(units)-1])
	}
	return tier, head[len(m)-len(rest):], true
}

// chainUnits walks an issuer chain unit by unit and returns the units read
// and what is left of m; after is the text that follows the chain. A
// place-name that is not a place (农村, 乡村) ends the chain, and so does a
// 组 that is no villagers' group (工作组, 专班) and a unit that is a level
// (村级, 镇级).
func chainUnits(m, after string) (units []string, rest string) {
	rest = m
	for rest != "" {
		loc := unitOnce.FindStringSubmatchIndex(rest)
		if loc == nil || loc[0] != 0 {
			break
		}
		name, unit := rest[loc[2]:loc[3]], rest[loc[4]:loc[5]]
		if villageThenTownship(rest[:loc[1]], rest[loc[1]:]) {
			// 军屯乡 is a township named 军屯 (readChain).
			name, unit = name+unit, rest[loc[1]:loc[1]+len("乡")]
			loc[1] += len("乡")
		}
		if townshipThenCounty(rest[:loc[1]], rest[loc[1]:]+after) {
			// 内乡县 is a county named 内乡 (readChain).
			name, unit = name+unit, "县"
			loc[1] += len("县")
		}
		// 农村, 乡村, 城乡 are no places, however they are reached
		// (嘉川镇规范农村自办宴席…: the chain does not go on to 规范农+村).
		if notPlace[name] || notPlace[name+unit] || unit == "村" && (strings.HasSuffix(name, "农") || strings.HasSuffix(name, "乡")) {
			break
		}
		// (Round 49a, t36b2.) 城乡 inside a department's name (市城乡建设
		// 委员会, 住房和城乡建设局, 城乡规划局) is no township: a signature
		// line 市城乡建设委员会 made a city's notice a township's. A township
		// named …城乡 (古城乡) is followed by its government, not by 建设 or 规划.
		if unit == "乡" && strings.HasSuffix(name, "城") && (strings.HasPrefix(rest[loc[1]:]+after, "建设") || strings.HasPrefix(rest[loc[1]:]+after, "规划")) {
			break
		}
		// 组 is a villagers' group only under a numeral or a short place
		// name (三组, 第五组, 东山组): a 工作组 or 专班 is the government's.
		if unit == "组" && (!groupName.MatchString(name) || containsAny(name, "工作", "领导", "专项", "督导", "巡查", "检查", "考核", "评审", "指导", "协调", "联络", "宣传", "调查", "专家", "项目")) {
			break
		}
		// A unit followed by 级 is a level, not a place (甘州区村级干部管理办法:
		// the 区's rules for village cadres, not a village's).
		if next := rest[loc[1]:] + after; strings.HasPrefix(next, "级") {
			break
		}
		units = append(units, unit)
		rest = rest[loc[1]:]
	}
	return units, rest
}

// villageThenTownship reports a chain read so far that ends in a
// village-level unit (屯, 寨, 村) followed at once by 乡 or 镇 — a
// township whose name holds that character (军屯乡, 石寨镇), since no
// township stands below a village. 乡级, 镇级 are levels, not units.
func villageThenTownship(read, next string) bool {
	if !strings.HasSuffix(read, "屯") && !strings.HasSuffix(read, "寨") && !strings.HasSuffix(read, "村") {
		return false
	}
	if !strings.HasPrefix(next, "乡") && !strings.HasPrefix(next, "镇") {
		return false
	}
	rest := next[len("乡"):]
	return !strings.HasPrefix(rest, "级") && !strings.HasPrefix(rest, "村") && !strings.HasPrefix(rest, "镇")
}

// townshipThenCounty reports a chain read so far that ends in 乡 or 镇
// followed at once by 县 — a county whose name holds that character
// (内乡县, 东乡县), since no county stands below a township. 县级 is a
// level, not a unit.
func townshipThenCounty(read, next string) bool {
	if !strings.HasSuffix(read, "乡") && !strings.HasSuffix(read, "镇") {
		return false
	}
	return strings.HasPrefix(next, "县") && !strings.HasPrefix(next, "县级")
}

var unitOnce = lazyCompile(`^(?:中共)?([\p{Han}0-9一二三四五六七八九十]{1,6}?)(省|自治区|自治州|市|州|盟|县|旗|区|镇|乡|街道|街办|村民小组|村民委员会|居民委员会|村委会|居委会|社区|村|组|屯|寨|小区|股份经济合作社|经济合作社|经联社|生产队)`)

var groupName = lazyCompile(`^(?:第)?[一二三四五六七八九十百0-9]+$|^\p{Han}{1,3}$`)

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// Issuer levels (Unless.Issuer): who issued a document decides what it may
// lawfully do — a county-level government expropriates land under 土地
// 管理法 第四十六条、第四十七条, a township cannot.
const (
	IssuerTownship = "乡镇"   // 镇、乡人民政府, 街道办事处, their offices
	IssuerCounty   = "县级以上" // 县、市、区、州、省 governments and their departments
	IssuerVillage  = "村（居）" // village and residents' committees, groups, their assemblies
	IssuerUnknown  = "未知"
)

// issuerTier reads the level of a document's issuer: from the name at the
// head of its title (邵阳县人民政府关于…, 东山镇人民政府关于…), else from an
// issuer's name on a line of its own among the first lines, else from the
// signature among the last lines (兴宁市人民政府 above the date).
func issuerTier(title, text string) string {
	if t := tierOfName(normTitle(strings.TrimSpace(title))); t != IssuerUnknown {
		return t
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.NewReplacer(" ", "", "\u3000", "").Replace(strings.TrimSpace(l)); l != "" {
			lines = append(lines, l)
		}
	}
	head := lines[:min(len(lines), 8)]
	tail := lines[max(0, len(lines)-5):]
	for _, group := range [][]string{head, tail} {
		for _, l := range group {
			if isIssuerLine(l) || strings.Contains(l, "关于") && utf8.RuneCountInString(l) <= 60 {
				if t := tierOfName(l); t != IssuerUnknown {
					return t
				}
			}
		}
	}
	return IssuerUnknown
}

// tierOfName is the level of the issuer named at the start of s: the last
// unit of its chain of places decides (东山县东山镇人民政府 is a township,
// 黄埔区人民政府 a county-level government), provided a body follows the
// chain or the chain ends in a self-government unit.
func tierOfName(s string) string {
	tier, after, _ := readChain(s)
	switch tier {
	case "":
		return IssuerUnknown
	case unitResidents:
		tier = IssuerVillage
	}
	switch {
	case tier == IssuerVillage:
		return tier
	case tier == IssuerUnknown:
		return tier
	case containsAny(after, "村民委员会", "村委会", "居民委员会", "居委会", "村民小组"):
		return IssuerVillage
	case after == "" || issuerBodyAfter.MatchString(after):
		return tier
	}
	return IssuerUnknown
}

// issuerBodyAfter is a government body or one of its departments named
// right after the places (人民政府, 办事处, 自然资源局, 住房和城乡建设局).
var issuerBodyAfter = lazyCompile(`^(?:中共)?[\p{Han}]{0,10}?(?:人民政府|政府|办事处|党委|党工委|管委会|管理委员会|委员会|办公室|局|厅|委|办|中心|所)(?:关于|$|[\p{Han}]{0,4}(?:文件|通知|通告|公告|决定|意见))`)

// Round 24 classes (docs/eval.md, "Typing, round 24").
var (
	// A decision that disposes of named units or persons once: honours,
	// appointments, sanctions — decided by the text's own issuer (经研究，
	// 决定授予; 现决定), not a rule on who may decide so (由国务院决定授予).
	disposingDecision = lazyCompile(`(?:研究|审议|讨论|会议)[，,]?决定[^。；\n]{0,60}(?:任命|聘任)[\p{Han}]{2,4}(?:同志)?为|(?:研究|审议|讨论|会议|现|特)[，,]?决定(?:授予|追授|命名|予以表彰|予以通报表扬|予以嘉奖|任命|聘任|聘请|免去|撤销[^。；\n]{0,30}(?:称号|资格|职务)|(?:对|给予)[^。；\n]{0,60}(?:予以|给予)?(?:表彰|通报表扬|嘉奖|记功|通报批评|警告处分|记过处分|处分))`)
	// (Round 38t.) A named licence or registration voided or revoked.
	// …and an order sent to one firm or unit (现通知贵公司…移交).
	// (Round 39t.) …a named person ordered within a time limit (贾某逾期未
	// 签订拆迁协议，限期…自行拆除), a decision made on one party (对该生作出
	// 开除学籍的处理决定), a charge against the party the text speaks to
	// (涉嫌未经审批…, its first words), a government deciding to transfer
	// a named asset (研究，决定将…无形资产…转让) or naming the one firm to
	// invest (确定县城投公司作为…投资主体).
	revokingBody = lazyCompile(`(?:^|[\n。，,：:])\s*\p{Han}{1,2}某(?:某|甲|乙|丙)?[^。；\n]{0,30}(?:限期|责令)|对(?:该|其|上述)[^。；\n]{0,12}作出[^。；\n]{0,16}(?:处理|处罚|处分)?决定|(?:^|\n)\s*涉嫌|` +
		`(?:研究|审议|讨论)[，,]?决定将[^。；\n]{0,60}(?:转让|收回|拍卖|划转|出售|变卖)|确定(?:由)?\p{Han}{2,12}(?:公司|集团)(?:作为|为)|` +
		`现通知(?:贵|你)(?:公司|单位|厂|站|所)|(?:宣布|决定)[^。；\n]{0,40}(?:许可证|执照|证书|备案证明|登记证)》?[^。；\n]{0,4}(?:作废|无效|予以撤销|予以吊销|予以注销)|(?:撤销|吊销|注销)《[^》\n]{2,30}(?:许可证|执照|登记|备案)[^》\n]{0,10}》`)
	// Minutes' voice at the head of a paragraph: 会议决定, 会议议定,
	// 会议研究决定 (a 村民会议 or 代表会议 is matched by its own words first).
	// (Round 52a, t39d2 jd-10311.) …and the resolution's contents announced
	// after a colon (某村召开村民代表会议，会议决议内容：), however the
	// sentence before it begins: 村民委员会组织法 第二十七条 names the
	// 村民会议或者村民代表会议的决定 beside the 村规民约 as a text of its own.
	minutesBody = lazyCompile(`(?:^|\n)\s*(?:[一二三四五六七八九十0-9]+[、.．]\s*)?会议(?:研究)?(?:决定|议定)|会议(?:决议|决定)(?:内容|事项)?(?:如下)?[:：]`)
	// A call for the public's proposals or opinions, in the opening lines
	// of a text: the call itself (公开征集…实事项目, 征集…意见建议) or its
	// invitation (诚邀…建言献策, 踊跃发表意见).
	callForInput = lazyCompile(`(?:公开|面向社会|向社会|向全社会|广泛)征集[^。\n]{0,40}?(?:意见建议|意见和建议|建议项目|实事项目|民心工程项目|意见|建议)|(?:诚邀|邀请|欢迎)[^。\n]{0,16}建言献策|踊跃(?:发表|提出|反馈)(?:宝贵)?意见`)
	// The text puts something to the public for opinions.
	consultationBody = lazyCompile(`现将(?:[^《。\n]{0,20}《([^》\n]{2,60})》)?[^。\n]{0,60}(?:公开)?征求[^。\n]{0,12}意见|现(?:向社会|面向社会)?公开征求[^。\n]{0,12}意见|公开征求意见如下|` +
		// (Round 38t.) …asked of the public in other words: 现面向社会广泛
		// 征求意见, 现向公众征求意见建议, 现面向社会公开征询意见.
		`现(?:向|面向)(?:社会各界|社会公众|社会|公众|群众)(?:广泛|公开)?(?:征求|征询|听取)[^。\n]{0,12}意见|` +
		// (Round 47t.) …or by naming the draft and putting it up: 我镇拟定
		// 了《…管理办法》(试行)(征求意见稿),现予以公示.
		`(?:拟定|起草|草拟|制定|拟制)(?:了)?《([^》\n]{2,60})》[^。\n]{0,12}[（(](?:征求意见稿|草案)[）)][^。\n]{0,6}现予(?:以)?(?:公示|公布|公告)`)
	// A consultation's title and what it consults on: 关于《X》征求公众
	// 意见的公告, 关于向社会公众征求关于X意见的公告, 关于公开征求《X》意见的通知.
	consultationTitle = lazyCompile(`^关于(?:《([^》]{2,80})》(?:（征求意见稿）)?(?:公开|向社会|向社会公众)?征求[^。]{0,12}?意见(?:建议)?|(?:公开|向社会公众|向社会|面向社会)?征求(?:公众|社会公众|社会各界|社会)?(?:对)?(?:关于)?《?([^》]{2,80}?)》?(?:（征求意见稿）)?(?:的)?意见(?:建议)?)的?(?:公告|通告|通知|公示|启事)$`)
	// Clauses whose subjects are a contract's parties, at the start of a
	// line or a sentence.
	contractParties = lazyCompile(`(?:^|\n|[。；;])\s*(?:[一二三四五六七八九十0-9]+[、.．]\s*)?(?:甲方|乙方)(?:[（(][^）)\n]{0,10}[）)])?(?:应当|应|须|必须|将|负责|承诺|同意|保证|积极|协助|优先|不得|有权|按照|按|在|于|自)`)
	// Money granted by a standing rule: a sum in 万 or 亿 yuan, a share,
	// or case-by-case terms for investors (a court's award of a few
	// thousand yuan is none of them).
	policyGrant = lazyCompile(`(?:奖励|补助|补贴|资助)[^。；\n]{0,8}?[0-9０-９.]+\s*(?:万|亿)元|给予[^。；\n]{0,12}?[0-9０-９.]+\s*(?:万|亿)元(?:的)?(?:奖励|补助|补贴|资助|支持)|按[^。；\n]{0,40}?[0-9０-９.]+\s*[%％][^。；\n]{0,16}?(?:给予|奖励|补助|补贴)|一事一议|一企一策`)
	// Firms, projects, products: what such money is granted to.
	firmWords = lazyCompile(`企业|公司|项目|外资|经营主体|市场主体|品种|产品|厂商`)
	// A 公约 named only by what it praises or regulates.
	civicCodeName = lazyCompile(`^(\p{Han}{2,4}?)(?:村民|居民)?文明(?:行为)?守则$`)
	// (Round 51a, t38a2: 文明婚丧约定书, a 村民代表会议's pledge on weddings and
	// funerals.) A 约定书 so named, with no parties, is the same mutual
	// pledge of every member as a 公约.
	covenantOnlyName = lazyCompile(`^(?:文明|幸福|和谐|美丽|平安|卫生|环境|环保|孝老爱亲|孝善|孝道|移风易俗|新风|乡风|家风|邻里|治安|防火|安全|诚信|道德|节俭|健康|绿色|红白喜事|婚丧|养犬)*(?:公约|约定书)$`)
	// A plan that grants subsidies, awards or relief by its name.
	grantPlan = lazyCompile(`(?:补贴|补助|奖补|奖励|救助|扶持资金)[^。》]{0,8}方案(?:（[^（）]{1,15}）)?》?(?:（[^（）]{1,15}）)?(?:的)?(?:通知|通告|公告)?$`)
	// A plan's name: 工作方案, 实施方案, 项目方案, 行动方案.
	// (Round 47t.) …with its years or edition in brackets (实施方案
	// （2024—2027年）的通知).
	planName = lazyCompile(`方案(?:（[^（）]{1,15}）)?》?(?:（[^（）]{1,15}）)?(?:的)?(?:通知|通告|公告)?$`)
	// A rule for the public or the market: their duties, sanctions on them,
	// charges and money granted to them.
	// (Round 52a, t39b2 gfxwj-10110, -10115.) …and a charge levied on
	// them in the plan's own words (开征…处理费; 决定对农村生活垃圾实行收费;
	// 集镇每户每月6元): who pays and how much is a rule for the public
	// whatever the plan's addressees.
	publicRule = lazyCompile(`(?:经营者|企业|商户|经营户|业户|个体工商户|村民|居民|农户|群众|市民|申请人|车主|驾驶人|驾驶员|养殖户|种植户|户主|业主|公民|用户|住户|供应商|投标人|承包方|从业人员)[^。；\n]{0,30}(?:应当|必须|须|不得|禁止|严禁|一律不)|一律不得|方可|不予(?:办理|受理|核发|发放|审批)|罚款|处以|没收|吊销|收取[^。；\n]{0,10}费|缴纳|(?:给予|奖励|补助|补贴)[^。；\n]{0,12}?[0-9０-９.]+\s*(?:万|亿)?元|按[^。；\n]{0,40}?[0-9０-９.]+\s*[%％]|开征|实行收费|(?:每户|每人|每间|每摊|每家)(?:每)?(?:月|年)?[0-9０-９.]+\s*元`)
	// Addressees that are bodies: 各科室、各站所, 机关各部门, 县各有关单位,
	// 各成员单位.
	// (Round 49b, real-qt-8601.) …or villages named one by one (黄龙、新丰村),
	// the pilots a township's plan is sent to.
	bodyAddressees = lazyCompile(`^(?:各|机关|县直|市直|区直|镇直|府属|有关)|(?:单位|部门|科室|站所|政府|办事处|委员会|居委会|村委会|村（居）|居民区|中心|分局)$|^\p{Han}{1,8}(?:村)?(?:、\p{Han}{1,8}(?:村)?)+村$`)
	// Addressees that are members of the public, not bodies.
	publicSalutation = lazyCompile(`市民|村民|居民朋友|居民群众|群众|商户|经营户|业主|广大|乡亲|朋友`)
)

// namedCivicCode reports a 文明(行为)守则 under a bare place name (紫南文明
// 行为守则): no office, level or institution is named, as none is in a
// named estate's 文明公约, and a government's civic code names its level
// (某市市民文明守则, 某县文明行为守则). Villages and communities write such
// 守则 as their own rules; the body decides which (round 30).
func namedCivicCode(t string) bool {
	m := civicCodeName.FindStringSubmatch(t)
	return m != nil && !strings.ContainsAny(m[1], "省市县区旗州盟镇乡街道局委厅署办校院司厂部队营")
}

// covenantOnly reports a document whose title (given, or its first line)
// is a 公约 named only by what it praises (幸福公约), or a 文明守则 under a
// bare place name (namedCivicCode).
func covenantOnly(title, text string) bool {
	for _, l := range append([]string{title}, headLines(text, 1)...) {
		if n := normTitle(l); covenantOnlyName.MatchString(n) || namedCivicCode(n) {
			return true
		}
	}
	return false
}

// internalPlan reports a 方案 sent by a notice to bodies — the issuer's
// own offices, the governments and units it directs (各科室、各站所：,
// 各乡镇人民政府，县各有关单位：) — whose text sets no rule for the public
// or the market. Without an addressee line (a title alone) nothing shows
// that a plan is internal, and it stays a normative document.
func internalPlan(name, text string) bool {
	if grantPlan.MatchString(normTitle(name)) {
		// (Round 38t.) A plan that grants money (…稻谷生产补贴实施方案)
		// says who receives it and on what terms: a rule for the public,
		// even when the excerpt stops before its rates.
		return false
	}
	if !planName.MatchString(normTitle(name)) {
		ok := false
		for _, l := range headLines(text, 3) {
			if planName.MatchString(normTitle(l)) && !strings.ContainsAny(l, "，。；") {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	bodies := false
	for _, l := range headLines(text, 6) {
		if !strings.HasSuffix(l, "：") && !strings.HasSuffix(l, ":") {
			continue
		}
		head := strings.TrimRight(l, "：:")
		if utf8.RuneCountInString(head) <= 50 && !strings.ContainsAny(head, "。；") && bodyAddressees.MatchString(head) && !publicSalutation.MatchString(head) {
			bodies = true
			break
		}
	}
	return bodies && !publicRule.MatchString(text)
}

// specificMatter reports a notice whose title (or, when no title names a
// kind, whose opening) disposes of one specific thing or event (round
// 44t). A title the detector left TypeOther (a news headline, a report)
// is read by its title only, so that a report about a 迁坟公告 stays a
// report.
func specificMatter(title, body, titleType string) bool {
	t := strings.Join(strings.Fields(title), "")
	// A title names a rule (…征收补偿办法); a first line that is a
	// sentence (…根据《殡葬管理条例》等有关规定，决定…迁移) cites rules and
	// names none of its own, nor do the laws a title quotes.
	if !strings.ContainsAny(t, "。，,") && ruleName.MatchString(citedTitle.ReplaceAllString(t, "")) {
		return false
	}
	if reportAbout.MatchString(t) {
		// A report about a 迁坟公告 (东山日报：…迁坟公告引发关注) is a
		// report. (newsHeadline would also take a notice's own title with
		// its township before a colon, 磨溪镇:断道施工通告.)
		return false
	}
	if specificTitle.MatchString(t) {
		return true
	}
	if titleType == TypeOther {
		return false
	}
	open := body
	if r := []rune(open); len(r) > 400 {
		open = string(r[:400])
	}
	return specificOpening.MatchString(open)
}

var (
	citedTitle  = lazyCompile(`《[^》]*》`)
	reportAbout = lazyCompile(`引发|引起|热议|曝光|报道|记者|网友`)
)

var (
	// specificTitle: graves moved or land taken for a project, one road
	// closed, one market suspended or rebuilt, one fair cancelled, one
	// named works shut.
	specificTitle = lazyCompile(`迁坟|坟[^，。；]{0,6}(?:迁移|搬迁|清理)|(?:迁移|搬迁|清理)[^，。；]{0,4}坟|` +
		`征收土地(?:的)?(?:预)?公告|(?:项目|工程|段）|段\))[^，。；]{0,16}(?:征收|征地|拆迁)[^，。；]{0,12}(?:公告|通告|通知|实施方案)|` +
		`(?:公路|铁路|项目|工程)[^，。；]{0,6}征地[^，。；]{0,4}拆迁[^，。；]{0,4}(?:实施)?方案|开闸(?:泄水|放水)|` +
		`(?:实行|实施)(?:临时)?交通管制|封闭施工|封道|断道施工|` +
		`(?:取消|暂停举办|停办)[^，。；]{0,30}(?:庙会|交流会|节庆活动|文化节|灯会)|` +
		`市场[^，。；]{0,12}(?:临时性休市|休市的|提升改造)|停止[^，。；]{0,16}市场[^，。；]{0,10}交易|` +
		`^关于(?:关停|关闭|取缔)[^，。；的全所各]{2,24}(?:屠宰场|厂|场|店|站|公司|作坊)的通知$|` +
		// (Round 52a, t39d1 jd-10304: 关于限期拆除违法建设的通知.) An order
		// to remove a building by a date, sent as a 通知 or 告知书, is made
		// on the party who built it (城乡规划法 第六十五条, 行政强制法 第四十四条
		// — 责令限期拆除 is an act on one party): a decision. A 通告 or 公告 to
		// everyone in a zone stays with the body's reading.
		`限期(?:自行)?拆除[^，。；]{0,16}(?:通知|通知书|决定书|告知书)$`)
	// specificOpening: the same acts in a text's opening lines.
	specificOpening = lazyCompile(`(?:项目|工程|用地|红线|范围|淹没区)[^。\n]{0,40}坟[^。\n]{0,16}(?:迁移|搬迁|迁出|清理)|` +
		`坟[^。\n]{0,10}(?:迁移|搬迁)[^。\n]{0,30}(?:项目|工程|用地|红线|范围)|` +
		`决定(?:暂时)?取消[^。；\n]{0,40}(?:庙会|交流会|节庆活动)|暂时取消[^。；\n]{0,20}庙会|决定[^。\n]{0,30}迁坟|` +
		`现发布征收土地预公告|拟征收土地[^。\n]{0,10}(?:位于|范围|用途)`)
	// ruleName: a title naming a standing rule (征收补偿办法, 迁坟补偿标准)
	// is the rule, whatever act it speaks of.
	ruleName = lazyCompile(`办法|规定|细则|实施意见|指导意见|标准|制度|条例`)
)

// Round 47t: consultations, signatures, 社区 rules named 乡规民约.
var (
	// draftMark ends a draft's title on a line of its own.
	draftMark = lazyCompile(`(?:（|\()(?:征求意见稿|草案|送审稿|意见征求稿)(?:）|\))$|(?:征求意见稿|草案)$`)
	// announcedClearance: what a notice says will be done to whatever it
	// finds (如发现杂物堆放，将一律按无主废弃物予以统一清理).
	announcedClearance = lazyCompile(`如(?:发现|有)[^。\n]{0,30}将(?:一律|依法|统一)?[^。\n]{0,20}(?:清理|清除|拆除|没收|处罚|罚款|查处)`)
	// replyOpening: a reply to a citizen's message, in its first lines.
	replyOpening = lazyCompile(`(?:答复|回复)如下|作(?:以下|如下)(?:答复|回复)|(?:反映|留言|咨询|问政)[^。\n]{0,24}(?:已)?收悉|(?:^|\n)(?:尊敬的)?(?:网友|网民)[^\n]{0,12}(?:您好|你好)`)
	// electionOpening: an election's notice, in its first lines.
	electionOpening = lazyCompile(`换届选举(?:采取|日|工作)|选民登记|参选(?:居民|村民)?登记|选举委员会(?:公告|决定)`)
	// consultationWords: a consultation speaking of itself.
	consultationWords = lazyCompile(`征求|征询|意见|建议|公示|征集|反馈`)
	// madeLetter: a 责任书 its issuer made (特制定本责任书).
	// (Round 51a.) The village's committees signing a 责任书 with every
	// household (村“两委”特与集镇各户签订以下责任书) — one form for all, the
	// village's rule; a letter with one 户主 (村委会与户主签订此责任状)
	// stays the two sides' pledge (round 47t).
	villageLetter = lazyCompile(`(?:村|组)[“"]?(?:两委|支两委|委会|民委员会)[”"]?[^。；\n]{0,8}?与[^。；\n]{0,8}?(?:各|每|全体|所有|全村)(?:家各)?(?:户|农户|住户|村民|家)[^。；\n]{0,6}?签订`)
	madeLetter    = lazyCompile(`制定(?:了)?本责任(?:书|状)`)
	// signatureLine: a body's name signing the text, with its seal.
	signatureLine = lazyCompile(`^(?:中共)?[\p{Han}“”"]{2,30}?(?:人民政府|政府|办事处|管委会|管理委员会|指挥部|领导小组|领导小组办公室|办公室|局|委员会|村委会|村委|居委会|村民小组|党委|党支部|党总支|大队|中心)(?:[（(]章[）)])?$`)
	// residentsWords and villageWords tell a 社区's text from a village's.
	residentsWords   = lazyCompile(`本社区|社区居委会|社区居民委员会|居委会|居民委员会`)
	villageWords     = lazyCompile(`村民|本村|村委|村民委员会|村集体|行政村|自然村|村组|村小组`)
	villageRuleNames = strings.NewReplacer("村规民约", "", "乡规民约", "", "村民公约", "")
)

// consultationName reports a title that puts a draft to the public for
// opinions (consultationTitle, consultationSuffix).
func consultationName(title string) bool {
	n := normTitle(title)
	return consultationTitle.MatchString(n) || consultationSuffix.MatchString(n)
}

// wrapperOnly reports a text that, besides its first line, speaks of the
// consultation (its period, where opinions go: consultationWords) and
// gives none of the draft: no article or chapter (第一条, 第一章) and no
// draft's title on a line of its own (…办法（征求意见稿）). A title alone
// says nothing of what follows, and a clause quoted under it (当年…每500万元
// 奖励楼宇5万元) is the draft's.
func wrapperOnly(title, text string) bool {
	title = strings.TrimSpace(title)
	asks := false
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l == title {
			continue
		}
		if bodyStart.MatchString(l) || draftMark.MatchString(l) && !strings.ContainsAny(l, "，。；,;：:") {
			return false
		}
		asks = asks || consultationWords.MatchString(l)
	}
	return asks
}

// signatureLevel is the level of the body that signs text on one of its
// last lines (望奎县“抗疫保卫战”指挥部, 陇头山家村村委会, above the date):
// levelNone when no line there names a body.
func signatureLevel(text string) issuerKind {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-4; i-- {
		l := strings.NewReplacer(" ", "", "\u3000", "").Replace(strings.TrimSpace(lines[i]))
		if l == "" || !signatureLine.MatchString(l) || strings.Contains(l, "关于") {
			continue
		}
		bare := strings.NewReplacer("“", "", "”", "", "\"", "").Replace(l)
		switch {
		case containsAny(bare, "村委会", "村委", "村民委员会", "村民小组"):
			return levelVillage
		case containsAny(bare, "居委会", "居民委员会", "业主委员会"):
			return levelResidents
		}
		tier, _, ok := readChain(bare)
		if !ok {
			continue
		}
		if lv := tierLevel(tier); lv != levelNone {
			return lv
		}
	}
	return levelNone
}

// residentsOnly reports a text that speaks as a 社区 (本社区, 社区居委会)
// and names no village, villager or village committee — the names of
// village rules (村规民约, 乡规民约) aside.
func residentsOnly(body string) bool {
	b := villageRuleNames.Replace(body)
	return residentsWords.MatchString(b) && !villageWords.MatchString(b)
}
