#pragma once
/// Conversion between sdk::Endpoint and Pinpoint's endpoint JSON: EndpointRequest (+ `Id`, as in
/// import NDJSON) and EndpointResponse (as in CreateExportJob output). Source: Pinpoint API model
/// 2016-12-01 (EndpointRequest, EndpointResponse), User Guide "Importing segments".
///
/// Shapes: `Attributes` and `User.UserAttributes` are objects of string arrays; `Metrics` an object of
/// numbers; `Demographic`, `Location`, `User` objects; `EffectiveDate`, `CreationDate` ISO-8601 UTC;
/// `ChannelType`, `EndpointStatus`, `OptOut` Pinpoint's enum spellings; `CohortId` a string ("0".."99")
/// as the export writes it. Callers that include this header also link nlohmann_json.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "herald/sdk/endpoint.hpp"

namespace herald::sdk {
inline namespace v1 {

/// The endpoint as Pinpoint JSON. Empty strings, empty maps, unset optionals and `cohort_id < 0` are
/// left out; `EndpointStatus` and `OptOut` are always written (as Pinpoint's responses do); instants
/// are written with milliseconds ("2019-10-10T23:43:02.725Z"). Never throws for a valid Endpoint.
nlohmann::json endpoint_to_json(const Endpoint& endpoint);

/// Reads an EndpointRequest/EndpointResponse object. `null` members count as absent; `ApplicationId`
/// (export files) is accepted and ignored. Only the JSON shape, enums and dates are checked here;
/// Pinpoint's value rules (address per channel, attribute quotas) are validate_endpoint()'s job.
/// Throws Error whose where() is `where` followed by the JSON path at fault, e.g.
/// `data.ndjson:3: $.Metrics.visits: expected a number, got "abc"`; an unknown member is an error
/// that lists the allowed names.
Endpoint endpoint_from_json(const nlohmann::json& value, const std::string& where);

}  // namespace v1
}  // namespace herald::sdk
