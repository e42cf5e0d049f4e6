package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"lawreview/index"
	pindex "lawreview/index/precedent"
)

// Integer parameters are bounded where they are parsed, so that no value a
// client sends can overflow an offset computed from it (page × size) or
// reach an index as an allocation size: issue 14's page=922337203685477581
// made bleve panic while it held the precedent index's lock.
const (
	maxPrecedentPage = pindex.MaxOffset/precedentPageSize + 1
	maxLawFrom       = index.MaxFrom
	maxAuditOffset   = 1_000_000
)

// intParam parses an integer parameter within [lo, hi]; "" gives def.
func intParam(name, s string, lo, hi, def int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, userErr(http.StatusBadRequest, fmt.Sprintf("参数 %s 应为 %d 到 %d 之间的整数", name, lo, hi))
	}
	return n, nil
}
