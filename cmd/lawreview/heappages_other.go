//go:build !linux

package main

// heapOnHugePages is Linux's (heappages_linux.go); elsewhere the heap
// stays on the pages the system gives it.
func heapOnHugePages() {}
