// Package ourago holds the code-generation directives of the module; the
// SDK itself is package github.com/ringkit/oura-go/oura.
//
// Run `go generate .` after changing openapi/oura.json. To rebuild that
// document from Oura's official one, run
//
//	go run ./internal/cmd/specgen -ref path/to/oura-openapi.json
package ourago

//go:generate go tool oapi-codegen -config openapi/oapi-codegen.yaml openapi/oura.json
//go:generate go run ./internal/cmd/aliasgen -in internal/ouraapi/models.gen.go -o oura/models.gen.go
