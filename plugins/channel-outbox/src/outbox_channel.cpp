#include "outbox_channel.hpp"


#include <system_error>

#include "herald/sdk/error.hpp"
#include "herald/sdk/json_text.hpp"
#include "herald/sdk/mime.hpp"

namespace herald::channel_outbox {
namespace {

constexpr sdk::ChannelType kAllTypes[] = {
    sdk::ChannelType::kPush, sdk::ChannelType::kGcm,        sdk::ChannelType::kApns,
    sdk::ChannelType::kApnsSandbox, sdk::ChannelType::kApnsVoip, sdk::ChannelType::kApnsVoipSandbox,
    sdk::ChannelType::kAdm,  sdk::ChannelType::kSms,        sdk::ChannelType::kVoice,
    sdk::ChannelType::kEmail, sdk::ChannelType::kBaidu,     sdk::ChannelType::kCustom,
    sdk::ChannelType::kInApp};

/// "2024-01-01T00:00:00.000Z" -> "20240101T000000000Z" (safe in file names on every OS).
std::string compact_timestamp(sdk::Instant t) {
  std::string out;
  for (const char c : sdk::format_iso8601(t))
    if (c != '-' && c != ':' && c != '.') out += c;
  return out;
}

sdk::DeliveryResult failure(sdk::DeliveryStatus status, std::string message) {
  sdk::DeliveryResult result;
  result.status = status;
  result.status_message = std::move(message);
  return result;
}

}  // namespace

sdk::SettingsSchema outbox_schema() {
  sdk::SettingsSchema schema;
  schema.add({.name = "path", .type = sdk::SettingType::kPath, .description = "Outbox folder (created if missing)",
              .required = true});
  schema.add({.name = "format", .type = sdk::SettingType::kEnum,
              .description = "eml: one RFC 5322 file per message; ndjson: one JSON line per message",
              .default_value = sdk::SettingValue(std::string("eml")), .allowed = {"eml", "ndjson"}});
  schema.add({.name = "shards", .type = sdk::SettingType::kInteger,
              .description = "eml: number of shard folders <path>/00..ff (hash of the message id)",
              .default_value = sdk::SettingValue(std::int64_t{256}), .minimum = 1, .maximum = 256});
  return schema;
}

OutboxConfig parse_outbox_config(const sdk::Settings& settings) {
  OutboxConfig config;
  config.path = settings.get_string("path");
  if (config.path.empty()) throw sdk::Error("settings.path", "is empty", "Give the outbox folder");
  const std::string& format = settings.get_string("format");
  if (format == "eml") config.format = OutboxFormat::kEml;
  else if (format == "ndjson") config.format = OutboxFormat::kNdjson;
  else throw sdk::Error("settings.format", "'" + format + "' is not one of eml, ndjson");
  const auto shards = settings.get_integer("shards");
  if (shards < 1 || shards > 256) throw sdk::Error("settings.shards", std::to_string(shards) + " is not in 1..256");
  config.shards = static_cast<int>(shards);
  return config;
}

sdk::ChannelFactory outbox_factory() {
  return {.type = kType,
          .description = "Writes messages to files (.eml or NDJSON) instead of sending them",
          .schema = outbox_schema(),
          .create = [](const sdk::Settings& settings, sdk::Context& context) -> std::unique_ptr<sdk::Channel> {
            return std::make_unique<OutboxChannel>(parse_outbox_config(settings), context);
          }};
}

OutboxChannel::OutboxChannel(OutboxConfig config, sdk::Context& context) : config_(std::move(config)), context_(context) {
  try {
    if (config_.format == OutboxFormat::kEml) eml_.emplace(config_.path, config_.shards);
    else std::filesystem::create_directories(config_.path);
  } catch (const std::filesystem::filesystem_error& e) {
    throw sdk::Error("settings.path", "cannot create outbox folder " + config_.path.string() + ": " + e.code().message(),
                     "Check the path and its permissions");
  }
}

std::vector<sdk::ChannelType> OutboxChannel::channel_types() const {
  if (config_.format == OutboxFormat::kEml) return {sdk::ChannelType::kEmail};
  return {std::begin(kAllTypes), std::end(kAllTypes)};
}

std::vector<sdk::DeliveryResult> OutboxChannel::send(std::span<const sdk::Message> messages) {
  std::vector<sdk::DeliveryResult> results;
  results.reserve(messages.size());
  try {
    if (config_.format == OutboxFormat::kEml) {
      for (const auto& message : messages) results.push_back(write_eml(message));
    } else {
      std::lock_guard lock(mutex_);
      for (const auto& message : messages) results.push_back(write_ndjson(message));
      // A message reported SUCCESSFUL is in the file (the page cache) before send returns: a killed
      // process loses none of them; flush() adds the fdatasync.
      if (ndjson_) ndjson_->write_out();
    }
  } catch (const std::system_error& e) {  // includes std::filesystem::filesystem_error
    throw sdk::TransientError("outbox " + config_.path.string(), e.what(), "Check free space and permissions");
  }
  return results;
}

sdk::DeliveryResult OutboxChannel::write_eml(const sdk::Message& message) {
  if (message.id.empty()) return failure(sdk::DeliveryStatus::kPermanentFailure, "message has no id");
  sdk::MimeMessage mime;
  try {
    mime = sdk::build_mime_message(message, {.date = context_.clock().now(), .domain = {}});
  } catch (const sdk::Error& e) {
    return failure(sdk::DeliveryStatus::kPermanentFailure, e.what());
  }
  sdk::DeliveryResult result;
  result.status = sdk::DeliveryStatus::kSuccessful;
  result.status_message = "written";
  result.provider_message_id = eml_->write(message.id, safe_file_name(message.id) + ".eml", mime.data);
  return result;
}

sdk::DeliveryResult OutboxChannel::write_ndjson(const sdk::Message& message) {
  if (!ndjson_) {
    const std::string stem = "outbox-" + compact_timestamp(context_.clock().now()) + "-" + safe_file_name(context_.instance_id());
    ndjson_ = std::make_unique<NdjsonFile>(config_.path, stem);
  }
  // One JSON object per line, keys in sorted order; written as text (nlohmann::json's compact form,
  // strings through the SDK's escaper) instead of building a tree per message.
  std::string& line = line_;
  line.clear();
  const auto field = [&line](std::string_view key, std::string_view value) {
    line += '"';
    line += key;
    line += "\":";
    sdk::append_json_string(line, value);
    line += ',';
  };
  line += '{';
  field("address", message.address);
  field("body", message.body);
  field("channel_type", sdk::to_string(message.channel_type));
  line += "\"context\":{";
  for (const auto& [key, value] : message.context) {
    sdk::append_json_string(line, key);
    line += ':';
    sdk::append_json_string(line, value);
    line += ',';
  }
  if (line.back() == ',') line.pop_back();
  line += "},";
  field("endpoint_id", message.endpoint_id);
  field("from", message.from);
  line += "\"headers\":[";
  for (const auto& header : message.headers) {
    line += "{\"name\":";
    sdk::append_json_string(line, header.name);
    line += ",\"value\":";
    sdk::append_json_string(line, header.value);
    line += "},";
  }
  if (line.back() == ',') line.pop_back();
  line += "],";
  field("html", message.html_body);
  field("id", message.id);
  field("project_id", message.project_id);
  field("subject", message.subject);
  field("text", message.text_body);
  field("user_id", message.user_id);
  line.back() = '}';
  const auto number = ndjson_->append(line);
  sdk::DeliveryResult result;
  result.status = sdk::DeliveryStatus::kSuccessful;
  result.status_message = "written";
  result.provider_message_id = ndjson_->path() + ":" + std::to_string(number);
  return result;
}

void OutboxChannel::flush() {
  std::lock_guard lock(mutex_);  // eml_ is immutable after construction; the lock guards ndjson_
  try {
    if (ndjson_) ndjson_->flush();
    if (eml_) eml_->sync();
  } catch (const std::system_error& e) {
    throw sdk::Error("outbox " + config_.path.string(), e.what(), "Check free space and permissions");
  }
}

std::string OutboxChannel::ndjson_path() const {
  std::lock_guard lock(mutex_);
  return ndjson_ ? ndjson_->path() : std::string();
}

}  // namespace herald::channel_outbox
