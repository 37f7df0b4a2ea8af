package ouratest

import "net/http"

// serveWebhooks serves the webhook subscription routes under /v2/webhook/.
func (s *Server) serveWebhooks(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "Not Found")
}
