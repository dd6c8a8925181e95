#version 330 core
// Hemisphere ambient + a key and a fill light (Lambert) + a soft Blinn highlight.
in vec3 v_worldPos;
in vec3 v_normal;
in vec4 v_color;

uniform vec3 u_eye;
uniform vec3 u_keyDir;   // towards the key light, normalised
uniform vec3 u_fillDir;  // towards the fill light, normalised

out vec4 fragColor;

void main()
{
    vec3 n = normalize(v_normal);
    vec3 toEye = normalize(u_eye - v_worldPos);
    if (dot(n, toEye) < 0.0)
        n = -n; // seen from inside (camera clipping into a bone): shade the visible side
    vec3 base = v_color.rgb;
    float hemi = 0.5 + 0.5 * n.y;
    vec3 ambient = base * mix(vec3(0.20, 0.19, 0.18), vec3(0.38, 0.40, 0.45), hemi);
    float key = max(dot(n, u_keyDir), 0.0);
    float fill = max(dot(n, u_fillDir), 0.0);
    vec3 halfVec = normalize(u_keyDir + toEye);
    float spec = pow(max(dot(n, halfVec), 0.0), 32.0) * 0.25;
    // A faint rim keeps silhouettes readable against the dark background.
    float rim = pow(1.0 - max(dot(n, toEye), 0.0), 3.0) * 0.18;
    vec3 color = ambient + base * (0.75 * key + 0.22 * fill) + vec3(spec + rim);
    fragColor = vec4(color, v_color.a);
}
