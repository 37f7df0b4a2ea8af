package oura

import "context"

// PersonalInfo returns the user's profile (age, weight, height, biological
// sex and email, as the granted scopes allow). It is not part of the
// sandbox and is always asked of the real collection routes.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs#operation/Single_Personal_Info_Document_v2_usercollection_personal_info_get
func (c *Client) PersonalInfo(ctx context.Context) (*PersonalInfo, error) {
	return getOne[PersonalInfo](ctx, c, "PersonalInfo", "/v2/usercollection/personal_info")
}
