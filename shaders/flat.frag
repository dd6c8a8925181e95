#version 330 core
// Fades ground geometry out with the distance from the focus so the floor has no hard edge.
// Opaque geometry (the ground plane) fades into u_fogColor instead of into transparency,
// which spares a blended full-screen pass on software rasterisers.
in vec3 v_worldPos;
in vec4 v_color;

uniform vec2 u_fadeCentre;  // world (x, z)
uniform vec2 u_fadeRange;   // fully visible within x metres, gone beyond y metres
uniform bool u_opaque;
uniform vec3 u_fogColor;

out vec4 fragColor;

void main()
{
    float d = distance(v_worldPos.xz, u_fadeCentre);
    float fade = 1.0 - smoothstep(u_fadeRange.x, u_fadeRange.y, d);
    if (u_opaque)
        fragColor = vec4(mix(u_fogColor, v_color.rgb, fade), 1.0);
    else
        fragColor = vec4(v_color.rgb, v_color.a * fade);
}
