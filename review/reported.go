package review

// A draft often speaks about other documents rather than laying down rules
// of its own: a decision clearing the township's normative documents quotes
// what each one said ("该办法第十五条规定对经营户暂扣物品，…，予以删除")
// and a citation names a document by its title ("《…关于收取保洁费的
// 通知》"). The content rules must not read those as the draft's own
// clauses. This check is generic — it applies to every matching rule —
// because no rule's wording can tell a quoted clause from a live one.

// reportedRef names another document's provision: 该办法, 该通知, 原规定 …
var reportedRef = lazyCompile(`(?:该|原|上述)(?:办法|通知|规定|文件|决定|意见|细则|方案|公约|规约|合同|协议|条款)`)

// reportedVerdict says what is done with that provision: deleted, repealed,
// amended, or found unlawful.
var reportedVerdict = lazyCompile(`予以(?:删除|废止|修改|修订|撤销|纠正|清理)|(?:删除|废止|撤销|停止执行|不再执行|宣布失效|失效)|修改为|与[^，。；]{0,20}不符|不符合|超出[^。；]{0,20}权限|没有[^，。；]{0,8}依据|缺乏[^，。；]{0,8}依据`)

// reportedCondition is the addressee's failure to comply named as the
// condition of a duty (原有银行账户不符合该文件规定的，需…变更至…): 该文件 there
// is the draft itself and 不符合 says who must act, not that a provision was
// found unlawful (round 28, t14a).
var reportedCondition = lazyCompile(`(?:不符合|与[^，。；]{0,20}不符)[^，。；]{0,20}?(?:规定|要求|条件|标准)?的[，,]`)

// proposalHead opens a commenter's proposal as an office's account of a
// consultation restates it (建议指定校服经营者…; 有群众提出…), and
// proposalRejected is the office's answer on the same line or table row
// (不予采纳). The proposal is not the office's rule: the answer refuses it
// (round 34, t21a: a 征求意见采纳情况 table whose rejected proposal was to
// designate uniform sellers). An adopted proposal stays the draft's own.
var (
	proposalHead     = lazyCompile(`^[\s|｜\d.、（）()]*(?:建议|提议|有(?:群众|村民|居民|网民|企业|单位|人)?(?:建议|提出|反映)|意见(?:及建议)?[：:])`)
	proposalRejected = lazyCompile(`不予采纳|未予采纳|(?:暂|均)?不(?:予)?采纳|未采纳|不宜采纳`)
)

// reported reports whether the match s is the draft speaking about another
// document: inside a 《》 title, in a sentence that cites another
// document's provision and says it is deleted, repealed or unlawful, or in
// a commenter's proposal the draft answers by refusing it.
func (d *doc) reported(s span) bool {
	if d.powerList || d.insideTitleMarks(s) {
		return true
	}
	i := d.sentenceIndex(s.start)
	if i < 0 {
		return false
	}
	text := d.sents[i].Text
	if proposalHead.MatchString(text) && d.proposalRefused(s) {
		return true
	}
	return reportedRef.MatchString(text) && reportedVerdict.MatchString(reportedCondition.ReplaceAllString(text, ""))
}

// proposalRefused reports whether the office refuses the proposal holding
// s: on its own line (a prose account, a Markdown table row), or in the
// line after it, where an extracted table (Word, Markdown) puts the next
// cell of the row.
func (d *doc) proposalRefused(s span) bool {
	start, end := s.start, s.end
	for start > 0 && d.runes[start-1] != '\n' {
		start--
	}
	for end < len(d.runes) && d.runes[end] != '\n' {
		end++
	}
	if proposalRejected.MatchString(string(d.runes[start:end])) {
		return true
	}
	next := end + 1
	for next < len(d.runes) && d.runes[next] != '\n' && next-end <= 12 {
		next++
	}
	return end < len(d.runes) && proposalAnswer.MatchString(string(d.runes[end+1:next]))
}

// proposalAnswer is an answer cell that opens with the refusal.
var proposalAnswer = lazyCompile(`^[\s|｜]*(?:不予采纳|未予采纳|不采纳|未采纳|暂不采纳|不宜采纳)`)

// insideTitleMarks reports whether s lies between 《 and its 》 on the same
// line.
func (d *doc) insideTitleMarks(s span) bool {
	for i := s.start - 1; i >= 0; i-- {
		switch d.runes[i] {
		case '《':
			for j := s.end; j < len(d.runes); j++ {
				switch d.runes[j] {
				case '》':
					return true
				case '《', '\n':
					return false
				}
			}
			return false
		case '》', '\n':
			return false
		}
	}
	return false
}

// A list of the powers laws give an office (行政处罚事项清单, 权责清单,
// 行政许可事项目录), each item with its legal basis, publishes what the law
// already says: 行政处罚法 第三十九条 asks the 实施机关、立案依据 of
// penalties to be made public, and the list's rows copy the statute's
// article and its sums (round 31, real-qt-2507: a town's list quoting
// 村庄和集镇规划建设管理条例 第三十七条 and the province's 10 to 50 元 per
// square metre). Nothing in it sets a penalty, so no content rule reads it
// as the draft's own clause. A 裁量基准 is not such a list — the office
// chooses within the law's range there (第三十四条), and its choices are
// read — nor is a list of fees (收费清单), which may hold the office's own.
var (
	powerListTitle = lazyCompile(`(?:行政处罚|行政许可|行政强制|行政检查|行政征收|行政确认|行政给付|行政奖励|行政裁决|权责|权力|职权|责任)(?:事项)?(?:清单|目录)`)
	powerListBasis = lazyCompile(`(?:设定|实施|法律|法定|法规)依据|《[^》]{2,40}》[^。；\n]{0,30}?第[一二三四五六七八九十百零〇0-9]+条`)
	powerListNot   = lazyCompile(`裁量基准|裁量标准|收费`)
)

// isPowerList reports whether the document's title names a list of powers
// and its text gives their legal basis.
func isPowerList(title, text string) bool {
	return powerListTitle.MatchString(title) && !powerListNot.MatchString(title) && powerListBasis.MatchString(text)
}
