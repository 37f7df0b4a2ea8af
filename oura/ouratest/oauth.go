package ouratest

import "net/http"

// serveOAuth serves Oura's OAuth2 endpoints under /oauth/.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "Not Found")
}
