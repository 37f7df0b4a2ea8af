// Package ourago holds the code-generation directives of the module; the
// SDK itself is package github.com/ringkit/oura-go/oura.
//
// Run `go generate .` after changing openapi/oura.json or the table of
// collections (internal/catalog). It runs oapi-codegen as a tool
// of the separate module file internal/tools/go.mod, so the generator never
// enters the module graph of a program that imports the SDK; .ci/run checks
// that the committed files are what it writes. To rebuild openapi/oura.json
// from Oura's official document, run
//
//	go run ./internal/cmd/specgen -ref path/to/oura-openapi.json
package ourago

//go:generate go run ./internal/cmd/ouragen -- go tool -modfile=internal/tools/go.mod oapi-codegen -config openapi/oapi-codegen.yaml openapi/oura.json
