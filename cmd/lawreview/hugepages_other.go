//go:build !linux

package main

import (
	"context"
	"time"
)

// collapseHugePages is Linux's MADV_COLLAPSE (hugepages_linux.go); elsewhere
// the pages stay as the system gives them.
func collapseHugePages(context.Context) (int64, error) { return 0, nil }

// smallAnonKB: nothing to collapse here, so nothing ever grows.
func smallAnonKB() (int64, error) { return 0, nil }

// threadCPU: not measured here.
func threadCPU() time.Duration { return 0 }
