//go:build !linux

package main

import "context"

// collapseHugePages is Linux's MADV_COLLAPSE (hugepages_linux.go); elsewhere
// the pages stay as the system gives them.
func collapseHugePages(context.Context) (int64, error) { return 0, nil }
