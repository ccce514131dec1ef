import HTTPTypes
import Hummingbird

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The inspector's routes: `GET /` (the page) and `GET /inspector/{file}` (its styles, scripts
/// and icon), outside `/v1` and its API-key check: the page asks for a key itself and sends it
/// with each API call.
///
/// Every answer carries a Content-Security-Policy that allows only the server's own scripts,
/// styles and API (no inline script or style, no other origin, no framing) and
/// `X-Content-Type-Options: nosniff`, so session content the page shows as text can never run.
struct InspectorRoutes {
    /// Where the files come from.
    let files: InspectorFiles

    /// The policy of every answer of the inspector.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// Adds the routes to `router`, unless the inspector is off.
    func addRoutes(to router: Router<SessionRequestContext>) {
        guard files != .off else { return }
        router.get("/") { request, _ in try answer(InspectorAssets.indexName, to: request) }
        router.get("inspector/{file}") { request, context in
            try answer(context.parameters.require("file"), to: request)
        }
    }

    /// The file named `name`, or 304 when the caller has it, or 404 when there is no such file.
    private func answer(_ name: String, to request: Request) throws -> Response {
        guard let asset = try asset(named: name) else {
            throw APIError(.notFound, code: "not_found", "the inspector has no file '\(name)'")
        }
        var headers: HTTPFields = [
            .contentType: asset.contentType,
            .eTag: asset.entityTag,
            .cacheControl: "no-cache",
            .contentSecurityPolicy: Self.contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
            .referrerPolicy: "no-referrer",
        ]
        if request.headers[.ifNoneMatch] == asset.entityTag {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// The built-in file of that name, or the directory's file of a built-in name.
    private func asset(named name: String) throws -> InspectorAssets.Asset? {
        guard let builtIn = InspectorAssets.builtIn[name] else { return nil }
        guard case .directory(let path) = files else { return builtIn }
        guard let data = FileManager.default.contents(atPath: path + "/" + name) else {
            throw APIError(
                .notFound,
                code: "not_found",
                "the inspector's directory \(path) has no readable file '\(name)'"
            )
        }
        return InspectorAssets.Asset([UInt8](data), name: name)
    }
}

extension HTTPField.Name {
    /// `Referrer-Policy`: `no-referrer` keeps session URLs from other sites.
    fileprivate static let referrerPolicy = Self("Referrer-Policy")!
}
